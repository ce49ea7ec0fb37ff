import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  NoteError,
  addCosignature,
  describeVerifierKey,
  formatCheckpoint,
  generateSignerKey,
  openCheckpoint,
  parseCheckpoint,
  parseNote,
  signNote,
  verifierKeyFromSigner,
  verifyNote,
} from './note.ts';
import { MemoryTreeStore, leafHash } from './merkle.ts';

const noteError = (code: string) => (e: unknown) => e instanceof NoteError && e.code === code;

// Published test vectors of golang.org/x/mod/sumdb/note (note_test.go), used as data: they pin the
// key ID, key string and signature line formats to the reference implementation byte for byte.
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

describe('compatibility with Go sumdb/note', () => {
  test('signing reproduces the reference note byte for byte', () => {
    assert.equal(signNote(GO_TEXT, [PETER_SKEY]), `${GO_TEXT}\n${PETER_SIG}`);
  });

  test('the verifier key derived from the signer key is the reference one', () => {
    assert.equal(verifierKeyFromSigner(PETER_SKEY), PETER_VKEY);
    assert.deepEqual(describeVerifierKey(PETER_VKEY), { name: 'PeterNeumann', keyId: 'c74f20a3' });
  });

  test('one signature verified, one by an unknown key reported as unverified', () => {
    const v = verifyNote(`${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [PETER_VKEY]);
    assert.equal(v.text, GO_TEXT);
    assert.deepEqual(v.verifiedBy, ['PeterNeumann']);
    assert.deepEqual(v.verifiedKeys, [{ name: 'PeterNeumann', keyId: 'c74f20a3' }]);
    assert.deepEqual(v.unverified.map((s) => `${s.name}+${s.keyId}`), ['EnochRoot+af0cfe78']);
  });

  test('both verified with both keys', () => {
    const v = verifyNote(`${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [PETER_VKEY, ENOCH_VKEY]);
    assert.deepEqual(v.verifiedBy, ['PeterNeumann', 'EnochRoot']);
    assert.deepEqual(v.unverified, []);
  });

  test('no trusted key: unknown-key', () => {
    assert.throws(() => verifyNote(`${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []), noteError('unknown-key'));
    assert.throws(() => verifyNote(`${GO_TEXT}\n${ENOCH_SIG}`, [PETER_VKEY]), noteError('unknown-key'));
  });

  test('a corrupted signature by a trusted key rejects the whole note', () => {
    const bad = `${GO_TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    assert.throws(() => verifyNote(bad, [PETER_VKEY]), (e: unknown) => noteError('bad-signature')(e) && /PeterNeumann\+c74f20a3/.test(String(e)));
  });

  test('repeated signatures count once', () => {
    const v = verifyNote(`${GO_TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}`, [PETER_VKEY]);
    assert.deepEqual(v.verifiedBy, ['PeterNeumann']);
    assert.equal(v.unverified.length, 1);
  });

  test('malformed notes from the reference test are rejected as malformed', () => {
    const badMsgs = [
      GO_TEXT,
      `${GO_TEXT}\n`,
      `${GO_TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${GO_TEXT}\n${PETER_SIG}`,
      `${GO_TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${GO_TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${GO_TEXT}\n${PETER_SIG.repeat(101)}`,
      `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n`, // unpadded base64
      `${GO_TEXT}\n— PeterNeumann AAAA\n`, // shorter than key ID + 1 byte
    ];
    for (const msg of badMsgs) assert.throws(() => verifyNote(msg, [PETER_VKEY]), noteError('malformed'), JSON.stringify(msg));
    const invalidUtf8 = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${GO_TEXT}\n${PETER_SIG}`)]);
    assert.throws(() => verifyNote(invalidUtf8, [PETER_VKEY]), noteError('malformed'));
  });

  test('every truncation and every single-character change of a key string is refused', () => {
    for (const key of [PETER_VKEY, PETER_SKEY]) {
      const check = (k: string) => {
        const fn = key === PETER_VKEY ? () => describeVerifierKey(k) : () => verifierKeyFromSigner(k);
        assert.throws(fn, noteError('bad-key'), k);
      };
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) if (i !== 0 || j !== key.length) check(key.slice(i, j));
      }
      for (let i = 0; i < key.length; i++) check(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
    }
    // Wrong length with adjusted key ID, and unknown algorithm with adjusted key ID (from the Go test).
    assert.throws(() => describeVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), noteError('bad-key'));
    assert.throws(() => describeVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), noteError('bad-key'));
  });

  test('two different keys with one name and ID are ambiguous', () => {
    const other = 'PeterNeumann+c74f20a3+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
    assert.throws(() => verifyNote(`${GO_TEXT}\n${PETER_SIG}`, [PETER_VKEY, other]), noteError('bad-key'));
    // The same key twice is harmless.
    assert.deepEqual(verifyNote(`${GO_TEXT}\n${PETER_SIG}`, [PETER_VKEY, PETER_VKEY]).verifiedBy, ['PeterNeumann']);
  });
});

describe('publication log checkpoints', () => {
  const ORIGIN = 'gongkai.example.gov.cn/publication-log';
  const logKey = generateSignerKey(ORIGIN);
  const logVkey = verifierKeyFromSigner(logKey);
  const auditKey = generateSignerKey('审计局');
  const auditVkey = verifierKeyFromSigner(auditKey);

  const store = new MemoryTreeStore();
  for (let i = 0; i < 10; i++) store.append(leafHash(Buffer.from(`event ${i}`)));
  const body = formatCheckpoint({ origin: ORIGIN, size: store.size, rootHash: store.root() });

  test('checkpoint text is origin, decimal size, base64 root, each ending in a newline', () => {
    assert.equal(body, `${ORIGIN}\n10\n${store.root().toString('base64')}\n`);
    const withExt = formatCheckpoint({ origin: ORIGIN, size: 0, rootHash: store.rootAt(0), extensions: ['time 1709280000'] });
    assert.equal(withExt, `${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\ntime 1709280000\n`);
    assert.deepEqual(parseCheckpoint(withExt).extensions, ['time 1709280000']);
  });

  test('sign, verify and parse round trip', () => {
    const note = signNote(body, [logKey]);
    assert.ok(note.startsWith(`${body}\n— ${ORIGIN} `), "note.startsWith(`${body}\\n— ${ORIGIN} `)");
    const cp = openCheckpoint(note, [logVkey], ORIGIN);
    assert.equal(cp.origin, ORIGIN);
    assert.equal(cp.size, 10);
    assert.equal(cp.rootHash.toString('hex'), store.root().toString('hex'));
    assert.deepEqual(cp.extensions, []);
    assert.deepEqual(cp.verifiedBy, [ORIGIN]);
    assert.equal(cp.verifiedKeys[0]!.keyId, describeVerifierKey(logVkey).keyId);
  });

  test('altering any part of the signed text is a bad signature', () => {
    const note = signNote(body, [logKey]);
    const rootB64 = store.root().toString('base64');
    const flipped = store.root();
    flipped[31] = flipped[31]! ^ 1;
    const flippedRootB64 = flipped.toString('base64');
    const tampered = [note.replace('\n10\n', '\n11\n'), note.replace(ORIGIN, `${ORIGIN}x`), note.replace(`\n${rootB64}\n`, `\n${flippedRootB64}\n`)];
    for (const t of tampered) {
      assert.notEqual(t, note);
      assert.throws(() => verifyNote(t, [logVkey]), noteError('bad-signature'));
    }
  });

  test('a key not in the trusted list, or another key under the same name, is an unknown key', () => {
    const note = signNote(body, [logKey]);
    assert.throws(() => verifyNote(note, [auditVkey]), noteError('unknown-key'));
    const impostor = generateSignerKey(ORIGIN);
    assert.throws(() => verifyNote(signNote(body, [impostor]), [logVkey]), noteError('unknown-key'));
  });

  test('a checkpoint of another log is refused even if validly signed', () => {
    const other = signNote(formatCheckpoint({ origin: 'other.example/log', size: 1, rootHash: store.root() }), [logKey]);
    assert.throws(() => openCheckpoint(other, [logVkey], ORIGIN), noteError('wrong-origin'));
  });

  test('the 审计局 cosignature is one more line over the same text and verifies with both keys', () => {
    const note = signNote(body, [logKey]);
    const cosigned = addCosignature(note, auditKey, [logVkey]);
    assert.ok(cosigned.startsWith(note), "cosigned.startsWith(note)"); // the log's note is unchanged, one line is appended
    assert.equal(parseNote(cosigned).signatures.length, 2);
    assert.deepEqual(verifyNote(cosigned, [logVkey, auditVkey]).verifiedBy, [ORIGIN, '审计局']);
    assert.deepEqual(verifyNote(cosigned, [auditVkey]).verifiedBy, ['审计局']);
    // Cosigning again replaces rather than duplicates the line.
    assert.equal(addCosignature(cosigned, auditKey), cosigned);
  });

  test('a witness given trusted keys refuses to cosign what it cannot verify', () => {
    const note = signNote(body, [logKey]);
    assert.throws(() => addCosignature(note, auditKey, [auditVkey]), noteError('unknown-key'));
    const forged = note.replace('\n10\n', '\n11\n');
    assert.throws(() => addCosignature(forged, auditKey, [logVkey]), noteError('bad-signature'));
  });

  test('key rotation: old and new log keys sign together; either verifies, and the result says which', () => {
    const newKey = generateSignerKey(ORIGIN);
    const newVkey = verifierKeyFromSigner(newKey);
    const note = signNote(body, [logKey, newKey]);
    const oldId = describeVerifierKey(logVkey).keyId;
    const newId = describeVerifierKey(newVkey).keyId;
    assert.deepEqual(verifyNote(note, [logVkey]).verifiedKeys, [{ name: ORIGIN, keyId: oldId }]);
    assert.deepEqual(verifyNote(note, [newVkey]).verifiedKeys, [{ name: ORIGIN, keyId: newId }]);
    assert.deepEqual(verifyNote(note, [logVkey, newVkey]).verifiedKeys.map((k) => k.keyId), [oldId, newId]);
    // After the old key is retired, notes signed by the new key alone verify for clients that trust both.
    assert.deepEqual(verifyNote(signNote(body, [newKey]), [logVkey, newVkey]).verifiedKeys, [{ name: ORIGIN, keyId: newId }]);
  });

  test('signNote refuses text that is not a well-formed note body', () => {
    for (const text of ['', 'no newline', 'a\n\nb\n', 'tab\there\n', '\ud800\n']) {
      assert.throws(() => signNote(text, [logKey]), noteError('malformed'), JSON.stringify(text));
    }
    assert.throws(() => signNote(body, []), noteError('bad-key'));
    assert.throws(() => generateSignerKey('has space'), noteError('bad-key'));
    assert.throws(() => generateSignerKey('a+b'), noteError('bad-key'));
  });

  const badCheckpoints: Array<[string, string]> = [
    ['no trailing newline', `${ORIGIN}\n1\n${store.root().toString('base64')}`],
    ['missing root line', `${ORIGIN}\n1\n`],
    ['empty origin', `\n1\n${store.root().toString('base64')}\n`],
    ['leading zero', `${ORIGIN}\n01\n${store.root().toString('base64')}\n`],
    ['negative size', `${ORIGIN}\n-1\n${store.root().toString('base64')}\n`],
    ['size with spaces', `${ORIGIN}\n 1\n${store.root().toString('base64')}\n`],
    ['size beyond 2^53', `${ORIGIN}\n9007199254740993\n${store.root().toString('base64')}\n`],
    ['root of 31 bytes', `${ORIGIN}\n1\n${store.root().subarray(1).toString('base64')}\n`],
    ['root not base64', `${ORIGIN}\n1\n${store.root().toString('hex')}\n`],
    ['empty extension line', `${ORIGIN}\n1\n${store.root().toString('base64')}\n\n`],
  ];
  for (const [name, text] of badCheckpoints) {
    test(`parseCheckpoint rejects ${name}`, () => assert.throws(() => parseCheckpoint(text), noteError('malformed')));
  }

  test('formatCheckpoint rejects bad input', () => {
    const root = store.root();
    assert.throws(() => formatCheckpoint({ origin: 'has space', size: 1, rootHash: root }), noteError('malformed'));
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: -1, rootHash: root }), noteError('malformed'));
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1.5, rootHash: root }), noteError('malformed'));
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: root.subarray(1) }), noteError('malformed'));
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: root, extensions: [''] }), noteError('malformed'));
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: root, extensions: ['a\nb'] }), noteError('malformed'));
  });
});
