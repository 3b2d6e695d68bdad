"""Fakes at the boundary: a Bot API emulator and a feed server, both real HTTP on 127.0.0.1."""
