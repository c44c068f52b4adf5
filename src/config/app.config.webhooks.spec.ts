import { ConfigError, loadConfig } from './app.config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('alert webhook and PUBLIC_URL settings', () => {
  it('defaults to 8 attempts, 30 s doubling to 1 h, 10 s per POST, and links to localhost on PORT', () => {
    expect(loadConfig({ PORT: '8080' })).toMatchObject({
      alertWebhookMaxAttempts: 8,
      alertWebhookBaseDelayMs: 30_000,
      alertWebhookMaxDelayMs: 3_600_000,
      alertWebhookTimeoutMs: 10_000,
      publicUrl: 'http://localhost:8080',
    });
  });

  it('takes a public address without its trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://ledger.example.org/app/' }).publicUrl).toBe(
      'https://ledger.example.org/app',
    );
  });

  it('names every bad value', () => {
    expect(
      problemsOf({
        ALERT_WEBHOOK_MAX_ATTEMPTS: '0',
        ALERT_WEBHOOK_BASE_DELAY_MS: 'soon',
        ALERT_WEBHOOK_TIMEOUT_MS: '5',
        PUBLIC_URL: 'ftp://ledger.example.org',
      }),
    ).toEqual([
      'ALERT_WEBHOOK_MAX_ATTEMPTS="0": must be a whole number from 1 to 100',
      'ALERT_WEBHOOK_BASE_DELAY_MS="soon": must be a whole number from 1 to 86400000',
      'ALERT_WEBHOOK_TIMEOUT_MS="5": must be a whole number from 100 to 300000',
      'PUBLIC_URL="ftp://ledger.example.org": must be an http(s) URL',
    ]);
    expect(problemsOf({ ALERT_WEBHOOK_BASE_DELAY_MS: '5000', ALERT_WEBHOOK_MAX_DELAY_MS: '1000' })).toEqual([
      'ALERT_WEBHOOK_MAX_DELAY_MS: must not be below ALERT_WEBHOOK_BASE_DELAY_MS',
    ]);
  });
});
