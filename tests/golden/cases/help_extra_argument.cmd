help forecast extra
