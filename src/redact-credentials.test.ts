import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact-credentials.js';

describe('redactCredentials', () => {
  it.each([
    ['amqp://guest:s3cret@rabbit:5672/vhost', 'amqp://guest:***@rabbit:5672/vhost'],
    ['redis://redis:6379', 'redis://redis:6379'],
    ['https://u:p%40ss@cloud/remote.php/webdav', 'https://u:***@cloud/remote.php/webdav'],
    ['connect ECONNREFUSED mongodb://app:hunter2@db:27017/higia (after 5000 ms)', 'connect ECONNREFUSED mongodb://app:***@db:27017/higia (after 5000 ms)'],
    ['two: amqp://a:x@h1 and redis://:y@h2', 'two: amqp://a:***@h1 and redis://:***@h2'],
    ['no URL at all', 'no URL at all'],
  ])('%s', (text, want) => expect(redactCredentials(text)).toBe(want));
});
