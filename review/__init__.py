"""What people see: tables and exports, the review web page, the weekly digest."""
