"""What a run shows besides its output: the task timeline and the pitfall hints."""
