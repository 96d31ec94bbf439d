"""Messages between shoppers and sellers: the inbox, a conversation, questions and offers."""
