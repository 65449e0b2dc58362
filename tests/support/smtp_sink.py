"""A real SMTP server on loopback for certdesk's mail tests (aiosmtpd, from Debian's
python3-aiosmtpd). Every message it accepts is written whole to OUT_DIR as N.eml; recipients
and senders listed one per line in OUT_DIR/refuse are refused, with 550 at RCPT TO and 553 at
MAIL FROM; recipients listed in OUT_DIR/defer are turned away for now, with 450 at RCPT TO.

    python3 smtp_sink.py PORT OUT_DIR [smtputf8]

With `smtputf8` it offers SMTPUTF8 (international addresses); without, it does not, as
aiosmtpd by default.
"""

import os
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    def refused(self, listing="refuse"):
        try:
            with open(os.path.join(self.out_dir, listing)) as listing:
                return {line.strip().lower() for line in listing if line.strip()}
        except FileNotFoundError:
            return set()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.lower() in self.refused():
            return "553 5.7.1 sender not allowed"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused():
            return "550 5.1.1 mailbox unavailable"
        if address.lower() in self.refused("defer"):
            return "450 4.2.1 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.out_dir, f"{self.count:06d}.eml")
        with open(path + ".part", "wb") as out:
            out.write(envelope.original_content)
        os.rename(path + ".part", path)
        return "250 Message accepted"


def main():
    port, out_dir = int(sys.argv[1]), sys.argv[2]
    smtputf8 = sys.argv[3:] == ["smtputf8"]
    controller = Controller(Sink(out_dir), hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
