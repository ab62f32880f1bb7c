"""newsarchiver: archive news from Chinese repost and content-farm sites into a deduplicated SQLite archive."""

__version__ = "0.1.0"
