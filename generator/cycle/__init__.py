"""The yearly cycle around rendered agreements: warnings about hand-written input, next
year's draft, the target table and its way back into the files."""
