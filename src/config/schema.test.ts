import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { describeConfig, parseConfig } from './schema.js';

describe('parseConfig', () => {
  it('runs on embedded defaults with no variable set', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ QUEUE_NAME: 'pyservice_queue', STORAGE_DIR: 'storage', PORT: 8080, DEFAULT_LANG: 'pt-BR', INPUT_AFTER: 'keep' });
    expect(config.AMQP_URL).toBeUndefined();
    expect(describeConfig(config)).toEqual({
      queue: 'in-process',
      storage: 'local storage',
      reference: 'files reference',
      state: 'memory',
      history: 'memory',
    });
  });

  it('treats empty variables as absent', () => {
    expect(parseConfig({ AMQP_URL: '', PORT: '' }).AMQP_URL).toBeUndefined();
  });

  it('reads the fixed variable names', () => {
    const config = parseConfig({
      AMQP_URL: 'amqp://u:p@rabbit:5672',
      QUEUE_NAME: 'q',
      OWNCLOUD_URL: 'http://cloud:8080',
      OWNCLOUD_USER: 'higia',
      OWNCLOUD_PASSWORD: 'secret',
      MONGO_URL: 'mongodb://mongo:27017',
      MONGO_DB: 'refs',
      REDIS_URL: 'redis://redis:6379',
      PORT: '9000',
      API_TOKEN: '0123456789abcdef',
      STORAGE_DIR: '/data',
    });
    expect(config).toMatchObject({ QUEUE_NAME: 'q', MONGO_DB: 'refs', PORT: 9000, API_TOKEN: '0123456789abcdef', STORAGE_DIR: '/data' });
  });

  it('lists every problem in one error', () => {
    const attempt = () => parseConfig({ AMQP_URL: 'http://x', PORT: 'abc', OWNCLOUD_URL: 'http://cloud', INPUT_AFTER: 'delete' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/AMQP_URL.*amqp:\/\//);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/OWNCLOUD_USER and OWNCLOUD_PASSWORD/);
    expect(attempt).toThrow(/INPUT_AFTER/);
  });

  it('refuses folders that climb out of the store', () => {
    expect(() => parseConfig({ DONE_DIR: '../elsewhere' })).toThrow(/DONE_DIR/);
    expect(() => parseConfig({ WORK_DIR: '/abs' })).toThrow(/WORK_DIR/);
  });

  it('reads reference collections as collection:keyField', () => {
    expect(parseConfig({}).MONGO_PESSOAS).toEqual({ collection: 'pessoas', keyField: 'cpf' });
    expect(parseConfig({ MONGO_CEPS: 'enderecos:codigo_postal' }).MONGO_CEPS).toEqual({ collection: 'enderecos', keyField: 'codigo_postal' });
    expect(() => parseConfig({ MONGO_EMPRESAS: 'empresas' })).toThrow(/MONGO_EMPRESAS.*collection:keyField/);
  });

  it('refuses a short API token', () => {
    expect(() => parseConfig({ API_TOKEN: 'short' })).toThrow(/API_TOKEN/);
  });
});

describe('describeConfig', () => {
  it('describes the configuration without secrets', () => {
    const text = JSON.stringify(
      describeConfig(parseConfig({ AMQP_URL: 'amqp://u:topsecret@r', OWNCLOUD_URL: 'http://c', OWNCLOUD_USER: 'u', OWNCLOUD_PASSWORD: 'topsecret' })),
    );
    expect(text).not.toContain('topsecret');
    expect(text).toContain('rabbitmq');
  });
});
