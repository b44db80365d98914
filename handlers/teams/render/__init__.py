"""Teams rendering: domain messages, replies, forms and the journal as Adaptive Cards."""
