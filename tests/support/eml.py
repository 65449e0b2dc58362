"""Reads the messages the SMTP sink saved, with Python's own email parser, for certdesk's
mail tests: prints one JSON object per message and writes each attachment beside it.

    python3 eml.py OUT_DIR
"""

import json
import os
import sys
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser


def main():
    out_dir = sys.argv[1]
    messages = []
    for name in sorted(os.listdir(out_dir)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(out_dir, name), "rb") as source:
            data = source.read()
        message = BytesParser(policy=policy.default).parsebytes(data)
        legacy = BytesParser(policy=policy.compat32).parsebytes(data)
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        attachments = []
        for index, part in enumerate(message.iter_attachments()):
            if part.get_filename() is None:
                continue
            path = os.path.join(out_dir, f"{name}.{index}.{part.get_filename()}")
            with open(path, "wb") as out:
                out.write(part.get_payload(decode=True))
            attachments.append({"name": part.get_filename(), "type": part.get_content_type(), "path": path})
        messages.append({
            "file": name,
            # The legacy decoder joins adjacent encoded words as RFC 2047 says; the newer
            # header registry puts a space between them.
            "to": str(make_header(decode_header(legacy["To"]))),
            "from": str(message["From"]),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            "text": plain.get_content() if plain else None,
            "html": html.get_content() if html else None,
            "attachments": attachments,
        })
    json.dump(messages, sys.stdout)


if __name__ == "__main__":
    main()
