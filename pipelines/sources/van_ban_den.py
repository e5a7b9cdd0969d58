"""The e-office register of incoming documents (sổ đăng ký văn bản đến, NĐ 30/2020)."""
