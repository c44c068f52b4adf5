/**
 * Drives the dashboard's recording forms the way a person does, by the names and button labels the contract gives
 * (`#/cases/new`, **Add person**, **Record an event**, `<select name="type">`, controls named by their path in `data`).
 * Only the page talks to the server.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';

export interface Item {
  caseId: string;
  type: string;
  data: Record<string, unknown>;
}

export async function signIn(page: Page, key: string, role: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.fill('#key-input', key);
  await page.click('#key-form button[type=submit]');
  await page.locator('#session-role', { hasText: `(${role})` }).waitFor();
}

/** Fills the controls a form builds for `data`: text, choices, lists of checkboxes, lines, nested fields, rows. */
export async function fillData(form: Locator, data: Record<string, unknown>, prefix = ''): Promise<void> {
  for (const [key, value] of Object.entries(data)) {
    const name = `${prefix}${key}`;
    if (Array.isArray(value) && value.some((v) => typeof v === 'object')) {
      await fillRows(form, name, value as Array<Record<string, unknown>>);
    } else if (Array.isArray(value)) {
      const lines = form.locator(`textarea[name="${name}"]`);
      if (await lines.count()) await lines.fill(value.join('\n'));
      else for (const v of value) await form.locator(`input[type=checkbox][name="${name}"][value="${v}"]`).check();
    } else if (typeof value === 'object' && value !== null) {
      await fillData(form, value as Record<string, unknown>, `${name}.`);
    } else {
      const control = form.locator(`[name="${name}"]`);
      const tag = await control.evaluate((e) => e.tagName);
      if (tag === 'SELECT') await control.selectOption(String(value));
      else await control.fill(String(value));
    }
  }
}

/** One row per item: the rows already there are used first, then **Add person** / **Add source** adds one. */
async function fillRows(form: Locator, name: string, items: Array<Record<string, unknown>>): Promise<void> {
  const list = form.locator(`[data-rows="${name}"]`);
  for (const [i, item] of items.entries()) {
    if ((await list.locator(':scope > [data-row]').count()) <= i) {
      await form.locator(`fieldset[data-field="${name}"] > button.add`).click();
    }
    await fillData(form, item, `${name}[${i}].`);
  }
}

/** Opens a case through `#/cases/new`, choosing its country by name as a person would. */
export async function openCase(page: Page, item: Item, countryName: string): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/#/cases/new`);
  const form = page.locator('form.record-form');
  await form.waitFor();
  const { country, ...rest } = item.data;
  expect(country).toBeDefined();
  await form.locator('[name="caseId"]').fill(item.caseId);
  await form.locator('[name="country"]').selectOption({ label: countryName });
  await fillData(form, rest);
  await form.getByRole('button', { name: 'Open case' }).click();
  await page.locator('h1', { hasText: String(item.data.title) }).waitFor();
}

/** Opens the event form on the case page shown. */
export async function openEventForm(page: Page, type: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Record an event' }).click();
  const form = page.locator('form[data-form="record"]');
  await form.waitFor();
  await form.locator('select[name="type"]').selectOption(type);
  return form;
}

/** Records one event through the form and waits for the page to say it is stored. */
export async function recordEvent(page: Page, item: Item, revision: number): Promise<void> {
  const form = await openEventForm(page, item.type);
  await fillData(form, item.data);
  await form.getByRole('button', { name: /^Record/ }).click();
  await page.locator('.record-panel .form-status', { hasText: `as revision ${revision}.` }).waitFor();
}

/** axe-core on the page as it is: no violation rated serious or critical. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}
