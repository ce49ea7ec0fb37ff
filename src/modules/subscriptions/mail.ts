// Subscription mail over SMTP (nodemailer, SMTP_URL, MAIL_FROM – the same settings as the
// timeliness reminders' mailer in modules/timeliness/mailer.ts, which has no custom headers; these
// mails need List-Unsubscribe / List-Unsubscribe-Post (RFC 2369, RFC 8058)).
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

export interface SubscriptionMailer {
  readonly kind: 'smtp' | 'log';
  /** Resolves when the server accepted the message; rejects with `responseCode` on refusal. */
  send(m: OutgoingMail): Promise<void>;
  close(): void;
}

export function createSubscriptionMailer(o: { smtpUrl: string | undefined; from: string; log?: (line: string) => void }): SubscriptionMailer {
  if (!o.smtpUrl) {
    return {
      kind: 'log',
      async send(m) {
        o.log?.(`mail not sent (SMTP_URL not set): to=${m.to} subject=${m.subject}`);
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(o.smtpUrl);
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({ from: o.from, to: m.to, subject: m.subject, text: m.text, headers: m.headers ?? {} });
    },
    close() {
      transport.close();
    },
  };
}

/** A refusal the server will repeat (5xx on the recipient): stop mailing that address. */
export function isPermanentFailure(e: unknown): boolean {
  const code = (e as { responseCode?: number })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
