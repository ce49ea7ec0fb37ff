import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

test('defaults serve SQLite under ./data on port 3000', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.dialect, 'sqlite');
  assert.equal(c.sqliteFile, path.resolve('data/gongkai.sqlite'));
  assert.equal(c.filesDir, path.resolve('data/files'));
  assert.equal(c.maxUploadBytes, 20 * 1024 * 1024);
  assert.equal(c.seedDemo, true);
});

test('the dialect follows the URL scheme the operator wrote', () => {
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).dialect, 'postgres');
  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).dialect, 'postgres');
  assert.equal(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).sqliteFile, '/tmp/x.db');
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), ConfigError);
});

test('bad values and unsafe production settings fail fast with the variable named', () => {
  assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
  assert.throws(() => loadConfig({ DATABASE_SCHEMA: 'x; drop table' }), /DATABASE_SCHEMA/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /BASE_URL/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://gk.example.cn', SEED_DEMO: 'true' }), /SEED_DEMO/);
  assert.equal(loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://gk.example.cn' }).seedDemo, false);
});
