//! Payments: VNPay (online) now; box-office payments and the payment records come with the
//! bookings work, which calls the pure building blocks in [`vnpay`].

pub mod vnpay;
