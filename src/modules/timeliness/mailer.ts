// Outgoing mail through nodemailer over SMTP (SMTP_URL). Without SMTP_URL nothing is sent: the
// message is written to the log and the reminder is kept as a console notification only.
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  /** `smtp` delivers; `log` only logs (no SMTP_URL configured). */
  readonly kind: 'smtp' | 'log';
  /** Resolves when the server accepted the message; rejects on failure. */
  send(m: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(opts: { smtpUrl: string | undefined; from: string; log?: (line: string) => void }): Mailer {
  if (!opts.smtpUrl) {
    const log = opts.log ?? (() => {});
    return {
      kind: 'log',
      async send(m) {
        log(`mail not sent (SMTP_URL not set): to=${m.to.join(',')} subject=${m.subject}`);
      },
      close() {},
    };
  }
  // A plain smtp:// URL to a server that does not offer STARTTLS sends in the clear (a local relay);
  // smtps:// or a server advertising STARTTLS is encrypted, with certificate checks on.
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text });
    },
    close() {
      transport.close();
    },
  };
}
