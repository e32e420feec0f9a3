"""The expert roster: recording and editing experts."""
