"""Syncing a playlist to a service: the part every service shares.

A service is a ``SyncTarget`` (``wkwmix.sync.target``): it can find its own playlists, read
one, write to one, and say which are wkwmix's. Everything else is here, once: the plan of
the fewest writes (``plan``), finding the playlist to write to with the rule that wkwmix
writes only to playlists it created unless told to adopt one, applying the plan with a
read-back after a write whose outcome is unknown, the lock that makes two syncs take turns
(``engine``), and what is remembered between syncs (``wkwmix.store.sync_memory``).
Spotify (``wkwmix.spotify.apply``) and Subsonic servers (``wkwmix.subsonic.target``) are
the targets.
"""
