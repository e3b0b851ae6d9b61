import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlsInText } from './redact-url.js';

describe('redactUrl', () => {
  it('hides the password and keeps everything else', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db:5432/kronos?sslmode=require')).toBe(
      'postgres://app:***@db:5432/kronos?sslmode=require',
    );
    expect(redactUrl('postgresql://app:pw@db/kronos')).toBe('postgresql://app:***@db/kronos');
  });

  it('leaves URLs without a password alone', () => {
    expect(redactUrl('postgres://app@db:5432/kronos')).toBe('postgres://app@db:5432/kronos');
    expect(redactUrl('postgres://db:5432/kronos')).toBe('postgres://db:5432/kronos');
  });

  it('redacts every URL inside a longer message', () => {
    expect(redactUrlsInText('from postgres://a:x@h1/d to postgres://b:y@h2/d failed')).toBe(
      'from postgres://a:***@h1/d to postgres://b:***@h2/d failed',
    );
  });
});
