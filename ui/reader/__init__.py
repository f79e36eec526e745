"""The article reader: offsets (code points <-> Qt), the claim index, typography, the view."""
