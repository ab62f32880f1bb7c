"""Spiders: discovery and routing only; extraction lives in newsarchiver.extract."""
