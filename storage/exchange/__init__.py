"""Handing up to the superior: signed, encrypted period packages (format in
docs/exchange-format.md), and the aggregator that imports them."""
