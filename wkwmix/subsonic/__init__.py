"""Subsonic and OpenSubsonic servers (Navidrome, gonic, Supysonic, Ampache, Nextcloud Music
and others): the client (``client``), the stored login (``login``), finding catalog tracks
in the server's library (``find``) and the sync target (``target``)."""
