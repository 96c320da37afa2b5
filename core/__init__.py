"""The cross-cutting runtime every app may use: the lowest layer, importing no app of ours."""
