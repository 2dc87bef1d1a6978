"""The store: the only part of wkwmix that knows paths and touches files.

Where things live (``paths``), reading and writing files safely (``files``, ``yamlread``,
``output``), the parse cache and locks, and each kind of file wkwmix keeps or reads: the
catalog, the user's overlay, recipes, the music-folder index, and what it remembers of
Spotify (playlists, the login, search results).
"""
