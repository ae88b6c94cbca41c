#!/usr/bin/python3
"""Decodes stored mails for email_channel_test.cpp with Python's own email package (an
independent decoder, not Poco's). Prints one JSON object per file, in argument order.

Run with /usr/bin/python3 (Debian's), not a pyenv shim."""
import email
import email.header
import email.policy
import json
import re
import sys


def words_ok(raw):
    """True if every RFC 2047 encoded word decodes to valid UTF-8 on its own."""
    for charset, enc, text in re.findall(r'=\?([^?]+)\?([qQbB])\?([^?]*)\?=', raw):
        if enc in 'qQ':
            data = re.sub(rb'=([0-9A-Fa-f]{2})', lambda m: bytes([int(m.group(1), 16)]),
                          text.replace('_', ' ').encode('ascii'))
        else:
            import base64
            data = base64.b64decode(text)
        try:
            data.decode(charset)
        except UnicodeDecodeError:
            return False
    return True


out = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        data = f.read()
    msg = email.message_from_bytes(data, policy=email.policy.default)
    raw = email.message_from_bytes(data, policy=email.policy.compat32)
    body = msg.get_content() if msg.get_content_maintype() == 'text' else ''
    out.append({
        'file': path,
        'subject': str(msg.get('Subject', '')),
        'from': str(msg.get('From', '')),
        'from_address': msg['From'].addresses[0].addr_spec if msg.get('From') else '',
        # Python 3.11's structured-header parser keeps the folding space between two
        # encoded words of a display name (RFC 2047 6.2 says to drop it), so the name is
        # decoded with the older, conforming decode_header.
        'from_decoded': str(email.header.make_header(email.header.decode_header(raw.get('From', '')))),
        'to': str(msg.get('To', '')),
        'message_id': str(msg.get('Message-ID', '')).strip(),
        'in_reply_to': str(msg.get('In-Reply-To', '')).strip(),
        'references': str(msg.get('References', '')).strip(),
        'x_ticket_id': str(msg.get('X-Ticket-Id', '')),
        'mime_version': str(msg.get('MIME-Version', '')),
        'auto_submitted': str(msg.get('Auto-Submitted', '')),
        'content_type': msg.get_content_type(),
        'charset': msg.get_content_charset() or '',
        'transfer_encoding': str(msg.get('Content-Transfer-Encoding', '')).lower(),
        'date': str(msg.get('Date', '')),
        'body': body.replace('\r\n', '\n'),
        'subject_words_ok': words_ok(raw.get('Subject', '')),
        'from_words_ok': words_ok(raw.get('From', '')),
        'max_line': max(len(line) for line in data.split(b'\n')),
    })
json.dump(out, sys.stdout, ensure_ascii=False)
