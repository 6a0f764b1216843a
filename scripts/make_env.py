"""Write a `.env` with fresh secrets (kept if one exists), or print a new encryption key.

python scripts/make_env.py            # production-shaped .env: DEBUG off, fresh keys
python scripts/make_env.py --demo     # the same, with the sandbox on (what `make demo` runs)
python scripts/make_env.py --print-key
"""

import argparse
import base64
import os
import secrets
from pathlib import Path

ENV = Path(__file__).resolve().parent.parent / ".env"


def fernet_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--print-key", action="store_true")
    args = parser.parse_args()
    if args.print_key:
        print(fernet_key())
        return
    if ENV.exists():
        print(f"{ENV.name} exists; keeping its secrets")
        return
    lines = [
        f"SECRET_KEY={secrets.token_urlsafe(50)}",
        f"FIELD_ENCRYPTION_KEYS={fernet_key()}",
        "DEBUG=0",
        f"HUB_BASE_URL=http://127.0.0.1:{args.port}",
        f"SANDBOX_ENABLED={'1' if args.demo else '0'}",
    ]
    ENV.write_text("\n".join(lines) + "\n")
    ENV.chmod(0o600)
    print(f"wrote {ENV.name} with fresh keys")


if __name__ == "__main__":
    main()
