"""The static report site, in Dutch: gather every page's context first, then render and write.

``build`` gathers (``context``, ``pages/``) and renders (``render``, with the templates in
``site-templates/``); ``urls`` keeps links relative, ``tables`` makes table rows, ``map`` and
``geometry`` draw the inline SVG maps, ``nl`` holds the Dutch words, ``public`` the visibility rule of
what is published.

May import: ``vlavirgem.core`` and ``vlavirgem.queries``.  Must not import the command line, editing
or export, and never prints; the templates only loop and print.
"""
