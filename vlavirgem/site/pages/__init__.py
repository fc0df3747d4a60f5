"""One module per family of pages: home, regions, governments, blocks, catalogue, maps.

Each gathers its pages' contexts from a ``site.context.SiteContext``; none renders or writes.
May import: the rest of ``vlavirgem.site``, ``vlavirgem.queries`` and ``vlavirgem.core``.
"""
