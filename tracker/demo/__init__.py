"""The demo: a sample news site on loopback whose editor changes its articles, watched live."""
