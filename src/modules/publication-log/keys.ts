// The log's private signing keys, one file each under DATA_DIR/keys/ (directory 0700, files 0600).
// Only the public verifier keys go to the database (log_keys), so a database dump or replica can
// never sign a checkpoint. Back the directory up separately, and keep it off shared drives.
import fs from 'node:fs';
import path from 'node:path';
import { describeVerifierKey, generateSignerKey, verifierKeyFromSigner } from './note.ts';

export interface StoredKey {
  signerKey: string;
  verifierKey: string;
  name: string;
  keyId: string;
}

export class KeyFiles {
  constructor(readonly dir: string) {}

  fileFor(keyId: string): string {
    if (!/^[0-9a-f]{8}$/.test(keyId)) throw new Error(`invalid key ID ${keyId}`);
    return path.join(this.dir, `publication-log-${keyId}.key`);
  }

  /** Creates a key pair and writes the private key (0600); the caller records the public half. */
  generate(name: string): StoredKey {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const signerKey = generateSignerKey(name);
    const verifierKey = verifierKeyFromSigner(signerKey);
    const { keyId } = describeVerifierKey(verifierKey);
    // 'wx': never overwrite a key file, even one with a colliding ID.
    fs.writeFileSync(this.fileFor(keyId), `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
    return { signerKey, verifierKey, name, keyId };
  }

  /**
   * The private key for a published verifier key, or undefined when this instance does not hold it.
   * A file that does not match the verifier key is refused (a swapped file would sign checkpoints
   * nobody can verify).
   */
  read(verifierKey: string): StoredKey | undefined {
    const { name, keyId } = describeVerifierKey(verifierKey);
    const file = this.fileFor(keyId);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    // Group- or world-readable after a careless copy: tighten rather than refuse to sign.
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(file, 0o600);
    if (verifierKeyFromSigner(text) !== verifierKey) throw new Error(`${file} does not hold the private key of ${name}+${keyId}`);
    return { signerKey: text, verifierKey, name, keyId };
  }
}
