"""Spotify sync: log in, resolve catalog tracks to Spotify tracks, plan and apply playlist changes.

Nothing here imports spotipy or requests at module level except ``client`` and ``auth``, so
the rest of wkwmix (and the pure parts here: ``plan``, the resolution scoring) stays fast to
import. Only the commands that talk to Spotify load those modules.
"""
