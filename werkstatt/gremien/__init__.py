"""Council work (Gremienarbeit): a local library of council documents from ALLRIS/OParl.

``oparl`` reads OParl 1.0/1.1 objects (an export folder or a saved sync), ``allris`` pages
saved from ALLRIS by hand, ``library`` keeps them in their own SQLite file with a full-text
index, ``sync`` fetches from an OParl endpoint (the application's only network access, off
unless the machine policy names the host), ``ask`` answers questions from retrieved passages
with their sources. ``synthetic`` makes schema-conforming test and benchmark data.
"""
