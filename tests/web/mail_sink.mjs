// An SMTP sink for the browser tests: a real SMTP server on 127.0.0.1 (node:net, no
// dependency) that accepts every mail incidentd's email channel sends and keeps it, decoded
// (headers unfolded, RFC 2047 subjects, quoted-printable or base64 UTF-8 bodies), so that a
// test reads the mail a person would get: e.g. the confirmation link of a public data
// request (issue 15.2). Point incidentd at it with
//   --set notifications.email.smtp_port=<sink.port>
// It speaks plain SMTP only (no STARTTLS, no AUTH), like the default configuration.

import net from 'node:net';

// Bytes held in a 'latin1' string (one char per byte) as UTF-8 text.
const utf8 = (latin1) => Buffer.from(latin1, 'latin1').toString('utf8');

function decodeQuotedPrintable(latin1) {
  const s = latin1.replace(/=\r?\n/g, '');
  return s.replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

// "=?UTF-8?Q?...?= =?UTF-8?B?...?=" (RFC 2047), whitespace between encoded words dropped.
function decodeHeader(value) {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset, enc, text) => {
    const bytes = enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('latin1')
      : decodeQuotedPrintable(text.replace(/_/g, ' '));
    return Buffer.from(bytes, 'latin1').toString(/utf-?8/i.test(charset) ? 'utf8' : 'latin1');
  });
}

// One received message: {from, to: [...], headers: {lower-case name: value}, subject, body}.
export function parseMail(raw, envelope = {}) {
  const text = raw.replace(/^\.\./gm, '.');  // un-stuff the dots of DATA
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeHeader(utf8(line.slice(colon + 1).trim()));
  }
  const cte = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (cte === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (cte === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('latin1');
  return {
    from: envelope.from || '',
    to: envelope.to || [],
    headers,
    subject: headers.subject || '',
    body: utf8(body).replace(/\r\n/g, '\n'),
  };
}

export async function startMailSink() {
  const mails = [];
  const sockets = new Set();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    sock.setEncoding('latin1');
    let buf = '';
    let inData = false;
    let envelope = { from: '', to: [] };
    sock.write('220 127.0.0.1 ESMTP test sink\r\n');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const s = `\r\n${buf}`;
          const end = s.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = s.slice(2, end + 2);
          buf = s.slice(end + 5);
          inData = false;
          mails.push(parseMail(raw, envelope));
          envelope = { from: '', to: [] };
          sock.write('250 2.0.0 Ok: queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.split(/[\s:]/)[0].toUpperCase();
        if (verb === 'EHLO') sock.write('250-127.0.0.1\r\n250-8BITMIME\r\n250 PIPELINING\r\n');
        else if (verb === 'HELO') sock.write('250 127.0.0.1\r\n');
        else if (verb === 'MAIL') { envelope = { from: (/<([^>]*)>/.exec(line) || [])[1] || '', to: [] }; sock.write('250 2.1.0 Ok\r\n'); }
        else if (verb === 'RCPT') { envelope.to.push((/<([^>]*)>/.exec(line) || [])[1] || ''); sock.write('250 2.1.5 Ok\r\n'); }
        else if (verb === 'DATA') { inData = true; sock.write('354 End data with <CR><LF>.<CR><LF>\r\n'); }
        else if (verb === 'RSET' || verb === 'NOOP') sock.write('250 2.0.0 Ok\r\n');
        else if (verb === 'QUIT') { sock.end('221 2.0.0 Bye\r\n'); return; }
        else sock.write('502 5.5.2 Command not recognized\r\n');
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    mails,
    // The first mail to `address` that `match` accepts (default: any), waiting at most `timeout` ms.
    async waitForMail(address, { match = () => true, timeout = 15_000 } = {}) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const m = mails.find((x) => x.to.includes(address) && match(x));
        if (m) return m;
        if (Date.now() > deadline) {
          throw new Error(`no mail to ${address} within ${timeout} ms; received: ${JSON.stringify(mails.map((x) => ({ to: x.to, subject: x.subject })))}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
