"""What front ends and the domain exchange: requests, replies, forms, the dispatch table and the error policy."""
