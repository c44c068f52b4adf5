/**
 * The recording forms when things go wrong, in Chromium: a malformed date marked beside its field, a broken rule
 * (422) and a concurrent write (409, then recorded on top) announced in an alert, a double submit and a retry after a
 * lost answer stored once, corrections and retractions, and a viewer who is offered no write control. axe-core runs
 * on each form and view.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { describeInChromium, keepPageErrors, screenshot } from '../support/chromium';
import { dashboardInChromium, type DashboardApp } from '../support/dashboard-app';
import { KEYS } from '../support/test-app';
import { expectAccessible, fillData, openEventForm, signIn } from './recording-driver';

// axe-core runs on each form and view: on a busy machine a test takes well over the default 30 s.
jest.setTimeout(120_000);

const CASE = 'kz-form-checks';
const PEOPLE = [
  { personId: 'aigerim-one', name: 'Aigerim One' },
  { personId: 'daulet-two', name: 'Daulet Two' },
];

describeInChromium('recording forms: errors, conflicts, corrections, roles', () => {
  let t: DashboardApp;
  let browser: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  const revisionNow = async () =>
    (await t.http.get(`/cases/${CASE}`).set(t.bearer('viewer')).expect(200)).body.revision as number;
  const history = async () =>
    (await t.http.get(`/cases/${CASE}/history`).set(t.bearer('auditor')).expect(200)).body as Array<{
      revision: number;
      type: string;
      data: Record<string, unknown>;
      idempotencyKey?: string;
    }>;
  const submitButton = (p: Page) => p.locator('form.record-form').getByRole('button', { name: /^Record/ });
  /** Waits for the page to say the event is stored; an alert instead fails the test with what it says. */
  const recorded = async (p: Page, revision: number) => {
    const done = p.locator('.record-panel .form-status', { hasText: `as revision ${revision}.` });
    const alert = p.locator('.form-alert:not([hidden]), .field-error');
    await done.or(alert).first().waitFor();
    if (!(await done.count())) throw new Error(`not recorded: ${(await alert.allTextContents()).join(' | ')}`);
  };

  dashboardInChromium((suite) => ({ t, browser, page, pageErrors } = suite), {
    dashboard: { heartbeatMs: 2000 },
    checkPageErrors: true,
  });

  it('opens a case with two people, the country chosen by name', async () => {
    await page.goto(`${t.url}/#/cases`);
    await signIn(page, KEYS.recorder, 'recorder');
    await page.getByRole('link', { name: 'Open a case' }).click();
    await page.locator('form.record-form').waitFor();
    await expectAccessible(page, 'open-case form');
    await page.getByRole('button', { name: 'Add person' }).click();
    expect(await page.locator('[name="subjects[1].personId"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove person 2' }).click();
    const form = page.locator('form.record-form');
    await form.locator('[name="caseId"]').fill(CASE);
    await form.locator('[name="country"]').selectOption({ label: 'Kazakhstan' });
    await fillData(form, { title: 'Form checks', subjects: PEOPLE });
    await screenshot(form, 'form-open-case', false);
    await form.getByRole('button', { name: 'Open case' }).click();
    await page.locator('h1', { hasText: 'Form checks' }).waitFor();
    expect((await t.http.get(`/cases/${CASE}`).expect(200)).body).toMatchObject({ country: 'KZ', revision: 0 });
  });

  it('reads a partial date back as it is typed; a malformed one is marked beside its field, the rest kept', async () => {
    let form = await openEventForm(page, 'PersonArrested');
    await fillData(form, { personIds: ['aigerim-one'], occurredOn: '2019-05' });
    await submitButton(page).click();
    await recorded(page, 1);
    form = await openEventForm(page, 'PersonConvicted');
    await fillData(form, {
      personId: 'aigerim-one',
      occurredOn: '2020-01',
      court: 'Almaly District Court',
      charges: ['Article 174'],
      sentence: { kind: 'imprisonment' },
    });
    await submitButton(page).click();
    await recorded(page, 2);

    form = await openEventForm(page, 'TransferredToRestrictedFreedom');
    await fillData(form, { personId: 'aigerim-one', occurredOn: '2019-08/2023-09-26', court: 'Konayev City Court' });
    const reading = form.locator('#f-occurredOn-reading');
    expect(await reading.textContent()).toBe('some day from 1 Aug 2019 to 26 Sep 2023');
    await screenshot(form, 'form-record-event', false);
    await form.locator('[name="occurredOn"]').fill('2023-13');
    expect(await reading.textContent()).toBe('Not a date yet: there is no month 13');
    await submitButton(page).click();
    const date = form.locator('[name="occurredOn"][aria-invalid="true"]');
    await date.waitFor();
    const described = (await date.getAttribute('aria-describedby'))!.split(' ');
    const message = await page.locator(`#${described.find((id) => id.endsWith('-error'))}`).textContent();
    expect(message).toContain('must be a partial date');
    expect(await page.evaluate<string>('document.activeElement.name')).toBe('occurredOn');
    expect(await form.locator('[name="court"]').inputValue()).toBe('Konayev City Court');
    expect(await revisionNow()).toBe(2);
    await expectAccessible(page, 'form with a refused field');
    await screenshot(page.locator('form.record-form'), 'form-refused-date', false);

    await date.fill('2020-02/2023-09-26');
    await submitButton(page).click();
    await recorded(page, 3);
  });

  it('announces a broken rule (422) in an alert and keeps what was typed', async () => {
    const form = await openEventForm(page, 'PersonReleased');
    await fillData(form, { personId: 'daulet-two', occurredOn: '2023-09', basis: 'amnesty' });
    await submitButton(page).click();
    const alert = form.locator('[role="alert"]');
    await alert.locator('text=This breaks a rule of the ledger.').waitFor();
    expect(await page.evaluate<string>("document.activeElement.getAttribute('role')")).toBe('alert');
    expect(await form.locator('[name="occurredOn"]').inputValue()).toBe('2023-09');
    expect(await revisionNow()).toBe(3);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a write by someone else meanwhile is a 409 that shows what was recorded, then records on top', async () => {
    const form = await openEventForm(page, 'InquirySent');
    await fillData(form, {
      inquiryId: 'gpo-1',
      occurredOn: '2023-09-15',
      to: 'General Prosecutor’s Office',
      channel: 'writing',
      question: 'Why are they still held?',
    });
    // Another recorder, in another tab, adds a person through the same forms.
    const other = await browser.newPage();
    await other.goto(`${t.url}/#/cases/${CASE}`);
    await signIn(other, KEYS.admin, 'admin');
    const otherForm = await openEventForm(other, 'SubjectAdded');
    await fillData(otherForm, { personId: 'erlan-three', name: 'Erlan Three' });
    await submitButton(other).click();
    await recorded(other, 4);
    await other.close();

    await submitButton(page).click();
    const alert = form.locator('[role="alert"]');
    await alert.locator('text=Someone recorded in this case meanwhile.').waitFor();
    expect(await alert.textContent()).toContain('4: Subject added, Erlan Three');
    expect(await form.locator('[name="question"]').inputValue()).toBe('Why are they still held?');
    expect(await revisionNow()).toBe(4);
    await expectAccessible(page, 'form after a 409');
    await screenshot(page.locator('form.record-form'), 'form-conflict', false);
    await alert.getByRole('button', { name: 'Record on top of it' }).click();
    await recorded(page, 5);
    expect((await history()).map((e) => e.type).slice(4)).toEqual(['SubjectAdded', 'InquirySent']);
  });

  it('a double click stores once, and so does sending again after the answer was lost', async () => {
    let form = await openEventForm(page, 'NoResponseRecorded');
    await fillData(form, { inquiryId: 'gpo-1', occurredOn: '2023-09-20' });
    await submitButton(page).dblclick();
    await recorded(page, 6);
    expect(await revisionNow()).toBe(6);

    const keys: string[] = [];
    const watch = (request: Request) =>
      request.method() === 'POST' && keys.push(request.headers()['idempotency-key'] ?? 'none');
    page.on('request', watch);
    // The server stores the event, but its answer never reaches the page.
    await page.route('**/events', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    form = await openEventForm(page, 'StateFollowUpReplied');
    await form.locator('select[name="type"]').selectOption('SubjectAdded');
    await fillData(form, { personId: 'gulnar-four', name: 'Gulnar Four' });
    await submitButton(page).click();
    await form.locator('[role="alert"]', { hasText: 'The server did not answer.' }).waitFor();
    expect(await revisionNow()).toBe(7);
    await page.unroute('**/events');
    await submitButton(page).click();
    await recorded(page, 7);
    page.off('request', watch);
    expect(await revisionNow()).toBe(7);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('Correct opens the same form filled in and records an EventCorrected, or a retraction, with a reason', async () => {
    await page.getByRole('button', { name: /^Correct revision 2:/ }).click();
    const form = page.locator('form[data-form="correct"]');
    await form.waitFor();
    expect(await form.locator('[name="occurredOn"]').inputValue()).toBe('2020-01');
    expect(await form.locator('[name="sentence.kind"]').inputValue()).toBe('imprisonment');
    expect(await form.locator('[name="charges"]').inputValue()).toBe('Article 174');
    await form.locator('[name="sentence.months"]').fill('60');
    await form.locator('[name="reason"]').fill('The verdict gives five years.');
    await expectAccessible(page, 'correction form');
    await screenshot(page.locator('form.record-form'), 'form-correct', false);
    await form.getByRole('button', { name: 'Record the correction' }).click();
    await recorded(page, 8);
    await page.locator('.fact-list li[data-revision="2"] .corrected', { hasText: 'revision 8' }).waitFor();

    await page.getByRole('button', { name: /^Correct revision 6:/ }).click();
    await page.locator('form[data-form="correct"]').waitFor();
    await page.getByLabel('Retract it').check();
    await page.locator('[name="reason"]').fill('Recorded in the wrong case.');
    await page.getByRole('button', { name: 'Record the retraction' }).click();
    await recorded(page, 9);
    await page.locator('.fact-list li[data-revision="6"]').waitFor({ state: 'detached' });
    const [correction, retraction] = (await history()).slice(8);
    expect(correction.data).toMatchObject({
      revision: 2,
      reason: 'The verdict gives five years.',
      replacement: { type: 'PersonConvicted', data: { sentence: { kind: 'imprisonment', months: 60 } } },
    });
    expect(retraction.data).toEqual({ revision: 6, reason: 'Recorded in the wrong case.' });
  });

  it('records an event by keyboard alone', async () => {
    const focused = () =>
      page.evaluate<string>("document.activeElement.getAttribute('name') || document.activeElement.id");
    await page.getByRole('button', { name: 'Record an event' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('form[data-form="record"]').waitFor();
    expect(await focused()).toBe('type');
    await page.keyboard.type('Subject added');
    expect(await page.locator('select[name="type"]').inputValue()).toBe('SubjectAdded');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('personId');
    await page.keyboard.type('marat-five');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('name');
    await page.keyboard.type('Marat Five');
    await page.keyboard.press('Enter'); // a text field submits its form
    await recorded(page, 10);
    expect((await history()).at(-1)).toMatchObject({
      type: 'SubjectAdded',
      data: { personId: 'marat-five', name: 'Marat Five' },
    });
  });

  it('a viewer sees the role and no write control, on every view; axe-core passes on each', async () => {
    const viewer = await browser.newPage();
    keepPageErrors(viewer, pageErrors);
    await viewer.goto(`${t.url}/#/opinions`);
    await signIn(viewer, KEYS.viewer, 'viewer');
    for (const route of ['opinions', 'cases', `cases/${CASE}`, 'authorities', 'countries', 'alerts', 'cases/new']) {
      await viewer.goto(`${t.url}/#/${route}`);
      await viewer.locator('main h1').waitFor();
      await viewer.locator('main[aria-busy]').waitFor({ state: 'detached' });
      expect(await viewer.locator('.record-form, .record-panel').count()).toBe(0);
      expect(await viewer.getByRole('button', { name: /^(Record|Correct|Open case)/ }).count()).toBe(0);
      expect(await viewer.getByRole('link', { name: 'Open a case' }).count()).toBe(0);
      await expectAccessible(viewer, `${route} as a viewer`);
    }
    await viewer.close();
  });
});
