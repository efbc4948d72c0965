"""``python -m nslint``."""

from nslint.cli import main

if __name__ == "__main__":
    main()
