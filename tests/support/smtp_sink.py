"""A real SMTP server on loopback for certdesk's mail tests (aiosmtpd, from Debian's
python3-aiosmtpd). Every message it accepts is written whole to OUT_DIR as N.eml; recipients
and senders listed one per line in OUT_DIR/refuse are refused, with 550 at RCPT TO and 553 at
MAIL FROM; recipients listed in OUT_DIR/defer are turned away for now, with 450 at RCPT TO.
OUT_DIR/every holds answers given to every message, one a line as `STAGE REPLY` (`MAIL 530 5.7.0
Authentication required`, `RCPT 554 5.7.1 Relay access denied`, `DATA 552 5.3.4 Message too
big`, DATA answering once the whole message came; `{id}` in a reply is a new id each time). Every answer other than 250 is added to
OUT_DIR/answers as `STAGE ADDRESS REPLY`, so that a test sees what the server told certdesk.
OUT_DIR/slow holds a number of seconds the server waits, the message written, before it says
250, as a relay that scans each message does.
With OUT_DIR/hangup, it closes the connection once the message is written, without an answer.

    python3 smtp_sink.py PORT OUT_DIR [smtputf8]

With `smtputf8` it offers SMTPUTF8 (international addresses); without, it does not, as
aiosmtpd by default.
"""

import asyncio
import os
import sys
import time
import uuid

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

    def every(self, stage):
        """The answer OUT_DIR/every gives every message at `stage`, if any."""
        try:
            with open(os.path.join(self.out_dir, "every")) as every:
                lines = [line.strip().split(" ", 1) for line in every if line.strip()]
        except FileNotFoundError:
            return None
        reply = next((reply for (at, reply) in lines if at == stage), None)
        # `{id}` in a reply is a fresh id each time, as servers name each message they refuse.
        return reply.replace("{id}", uuid.uuid4().hex[:12]) if reply else None

    def answer(self, stage, address, reply):
        """Notes an answer that is not 250, and gives it."""
        with open(os.path.join(self.out_dir, "answers"), "a") as answers:
            answers.write(f"{stage} {address} {reply}\n")
        return reply

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.every("MAIL"):
            return self.answer("MAIL", address, self.every("MAIL"))
        if address.lower() in self.refused():
            return self.answer("MAIL", address, "553 5.7.1 sender not allowed")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.every("RCPT"):
            return self.answer("RCPT", address, self.every("RCPT"))
        if address.lower() in self.refused():
            return self.answer("RCPT", address, "550 5.1.1 mailbox unavailable")
        if address.lower() in self.refused("defer"):
            return self.answer("RCPT", address, "450 4.2.1 mailbox busy, try again later")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.every("DATA"):
            return self.answer("DATA", ",".join(envelope.rcpt_tos), self.every("DATA"))
        self.count += 1
        path = os.path.join(self.out_dir, f"{self.count:06d}.eml")
        with open(path + ".part", "wb") as out:
            out.write(envelope.original_content)
        os.rename(path + ".part", path)
        if os.path.exists(os.path.join(self.out_dir, "hangup")):
            server.transport.close()
            return "421 closing"
        try:
            with open(os.path.join(self.out_dir, "slow")) as slow:
                await asyncio.sleep(float(slow.read()))
        except FileNotFoundError:
            pass
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
