"""What the worker runs as Python starts: zip imports compiled once, a warm start made fresh."""
