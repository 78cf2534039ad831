"""`watch run --mail` and `--atom` (issue 13): a digest that arrives at a real SMTP server on
127.0.0.1 (aiosmtpd, started here), a failed send that loses nothing, a feed that validates;
watches by office and by department remit. Real archive, real index, the real command."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from click.testing import CliRunner
from lxml import etree
from test_watch import FINANCE_1980, NI_2022, STALKING, crawl_into, page_turns

from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir
from index.build import rebuild, update_days
from tests.atom_check import NS, atom_problems

QUESTION_2015 = "What steps the Crown Prosecution Service has taken to enable its prosecutors"
ANSWER_2015 = "The CPS launched a joint stalking protocol with the police in September 2014"


class Inbox(Message):
    """An aiosmtpd handler that keeps every message it is handed."""

    def __init__(self) -> None:
        super().__init__(message_class=email.message.EmailMessage)
        self.messages: list[email.message.EmailMessage] = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An archive holding 22 June 2022 only, indexed: the 2015 sitting is yet to come."""
    turns = page_turns(NI_2022)
    Archive(archive_dir(tmp_path)).write_turns("Commons", turns[0].date, turns)
    rebuild(tmp_path)
    return tmp_path


def hansard(data_dir: Path, *args: str, env: dict | None = None):
    return CliRunner(env=env).invoke(cli, [*args, "--data-dir", str(data_dir)])


def mail_args(controller: Controller, *extra: str) -> tuple[str, ...]:
    return ("--mail", "campaign@example.org", "--mail-from", "hansard@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(controller.port), *extra)  # fmt: skip


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(bytes(message), policy=email.policy.default)


def test_digest_arrives_with_the_2015_question_and_answer(data_dir, smtp_server) -> None:
    controller, inbox = smtp_server
    assert (
        hansard(data_dir, "watch", "add", "stalking", "stalking", "--role", "answer").exit_code == 0
    )
    assert hansard(data_dir, "watch", "add", "protocol", "protocol").exit_code == 0
    crawl_into(data_dir, STALKING)
    result = hansard(data_dir, "watch", "run", *mail_args(controller))
    assert result.exit_code == 3, result.output
    assert "digest sent to campaign@example.org" in result.stderr
    assert len(inbox.messages) == 1  # one digest per run, whatever the number of watches
    message = parsed(inbox.messages[0])
    assert message["To"] == "campaign@example.org"
    assert message["List-Unsubscribe"] == "<mailto:hansard@example.org?subject=unsubscribe>"
    assert message["Subject"].startswith("Hansard watch: ")
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    for body in (text, page):
        assert QUESTION_2015 in body and ANSWER_2015 in body
        assert body.index(QUESTION_2015) < body.index(ANSWER_2015)
        assert "HC Deb 26 November 2015, vol 602" in body
        assert "#contribution-5B3E2C11-0A6D-4F0E-9C1B-2015112600A2" in body
        assert "The Solicitor General (Robert Buckland)" in body
        assert "Open Parliament Licence" in body
    assert text.index("== watch protocol:") < text.index("== watch stalking: 2 new ==")
    # the run is recorded: nothing new, no second mail
    again = hansard(data_dir, "watch", "run", *mail_args(controller))
    assert again.exit_code == 0 and len(inbox.messages) == 1


def test_a_cap_per_watch_counts_the_rest(data_dir, smtp_server) -> None:
    controller, inbox = smtp_server
    hansard(data_dir, "watch", "add", "answers", "--role", "answer")
    crawl_into(data_dir, STALKING)  # 2 new answers
    result = hansard(data_dir, "watch", "run", *mail_args(controller, "--mail-cap", "1"))
    assert result.exit_code == 3, result.output
    text = parsed(inbox.messages[0]).get_body(("plain",)).get_content()
    assert "== watch answers: 2 new ==" in text
    assert "and 1 more" in text
    assert text.count("#contribution-") == 1  # one item (its question and answer), one link


def test_a_failed_send_keeps_the_items_unseen(data_dir, smtp_server) -> None:
    controller, inbox = smtp_server
    hansard(data_dir, "watch", "add", "stalking", "stalking")
    crawl_into(data_dir, STALKING)
    closed = free_port()  # nothing listens there
    failed = hansard(data_dir, "watch", "run", "--mail", "campaign@example.org",
                     "--smtp-host", "127.0.0.1", "--smtp-port", str(closed))  # fmt: skip
    assert failed.exit_code == 1
    assert "could not send the digest" in failed.stderr and "Traceback" not in failed.output
    retried = hansard(data_dir, "watch", "run", *mail_args(controller))
    assert retried.exit_code == 3, retried.output
    assert ANSWER_2015 in parsed(inbox.messages[0]).get_body(("plain",)).get_content()


def test_login_comes_from_the_environment(data_dir, smtp_server) -> None:
    controller, _inbox = smtp_server
    hansard(data_dir, "watch", "add", "stalking", "stalking")
    crawl_into(data_dir, STALKING)
    result = hansard(data_dir, "watch", "run", *mail_args(controller),
                     env={"HANSARD_SMTP_USER": "campaign"})  # fmt: skip
    assert result.exit_code == 2
    assert "HANSARD_SMTP_PASSWORD" in result.stderr


def test_atom_file_validates_and_keeps_earlier_entries(data_dir, tmp_path) -> None:
    feed = tmp_path / "site" / "watch.atom"
    feed.parent.mkdir()
    hansard(data_dir, "watch", "add", "answers", "--role", "answer")
    crawl_into(data_dir, STALKING)
    first = hansard(data_dir, "watch", "run", "--atom", str(feed))
    assert first.exit_code == 3, first.output
    document = feed.read_bytes()
    assert atom_problems(document) == []
    entries = etree.fromstring(document).findall("a:entry", NS)
    assert [e.findtext("a:id", namespaces=NS).rsplit("-", 1)[-1] for e in entries] == [
        "2015112600A2",
        "2015112600A4",
    ]
    content = entries[0].findtext("a:content", namespaces=NS)
    assert QUESTION_2015 in content and ANSWER_2015 in content
    answers_1980 = [t for t in crawl_into(data_dir, FINANCE_1980) if t.role == "answer"]
    assert hansard(data_dir, "watch", "run", "--atom", str(feed)).exit_code == 3
    document = feed.read_bytes()
    assert atom_problems(document) == []
    ids = [
        e.findtext("a:id", namespaces=NS) for e in etree.fromstring(document).findall("a:entry", NS)
    ]
    assert len(ids) == len(answers_1980) + 2 and len(set(ids)) == len(ids)
    assert ids[-2].endswith("2015112600A2")  # the earlier run's entries are kept, after the new


def crawl_answer(data_dir: Path, turn_id: str, date: str, **changes) -> None:
    """Archive and index one more sitting: the 2015 answer, re-dated and changed."""
    answer = next(t for t in page_turns(STALKING) if t.role == "answer")
    url = answer.url.replace(answer.id, turn_id).replace(answer.date, date)
    later = dataclasses.replace(answer, id=turn_id, date=date, url=url, **changes)
    Archive(archive_dir(data_dir)).write_turns("Commons", date, [later])
    update_days(data_dir, [("Commons", date)])


def test_a_minister_watch_by_office_survives_a_reshuffle(data_dir) -> None:
    hansard(data_dir, "watch", "add", "sg", "--minister", "Solicitor General")
    # another holder of the office
    crawl_answer(
        data_dir, "RESHUFFLE-1", "2016-01-14", member_id=1560, speaker_name="Jeremy Wright"
    )
    result = hansard(data_dir, "watch", "run", "sg", "--format", "jsonl")
    assert result.exit_code == 3, result.output
    assert "Jeremy Wright" in result.stdout


def test_a_department_watch_follows_the_remit_across_a_rename(data_dir) -> None:
    hansard(data_dir, "watch", "add", "energy", "--department", "Energy Security and Net Zero")
    crawl_answer(data_dir, "DECC-1", "2015-12-03", department="Energy and Climate Change")
    crawl_into(data_dir, STALKING)  # Attorney General's questions: not the remit
    result = hansard(data_dir, "watch", "run", "energy", "--format", "jsonl")
    assert result.exit_code == 3, result.output
    assert [line.count("DECC-1") for line in result.stdout.splitlines()] == [2]


def _self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (made here with `cryptography`, a dependency of Scrapy)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp.crt", directory / "smtp.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_starttls_and_login_from_the_environment(data_dir, tmp_path, monkeypatch) -> None:
    """A server that demands STARTTLS before AUTH: the digest goes over TLS, verified against
    the server's certificate, with the login read from the environment."""
    import ssl

    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert_file, key_file = _self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret"
        logins.append((auth_data.login, ok))
        return AuthResult(success=ok)

    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
        require_starttls=True, authenticator=authenticate, auth_require_tls=True,
    )  # fmt: skip
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # trust the test's certificate
        hansard(data_dir, "watch", "add", "stalking", "stalking")
        crawl_into(data_dir, STALKING)
        env = {"HANSARD_SMTP_USER": "campaign", "HANSARD_SMTP_PASSWORD": "s3cret"}
        result = hansard(data_dir, "watch", "run", *mail_args(controller, "--starttls"), env=env)
        assert result.exit_code == 3, result.output
        assert logins == [(b"campaign", True)]
        assert ANSWER_2015 in parsed(inbox.messages[0]).get_body(("plain",)).get_content()
        assert "s3cret" not in "".join(p.read_text(errors="ignore") for p in _files(data_dir))
    finally:
        controller.stop()


def _files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl")]


def test_a_header_that_would_inject_lines_is_refused(data_dir, smtp_server) -> None:
    controller, inbox = smtp_server
    hansard(data_dir, "watch", "add", "stalking", "stalking")
    crawl_into(data_dir, STALKING)
    bad = "campaign@example.org\nBcc: everyone@example.org"
    result = hansard(data_dir, "watch", "run", *mail_args(controller), "--mail", bad)
    assert result.exit_code == 2 and "--mail" in result.stderr and "Traceback" not in result.output
    assert inbox.messages == []
    assert hansard(data_dir, "watch", "run", *mail_args(controller)).exit_code == 3  # kept unseen
