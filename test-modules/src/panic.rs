// The Rust test program: a struct, a closure, and an index-out-of-bounds panic
// when an argument is given.
// Usage:  panic        -> prints the account summary, exits 0
//         panic N      -> also reads item N of a 3-item array; N >= 3 panics (trap)
use std::env;

struct Account {
    owner: String,
    balance: i64,
    history: Vec<i64>,
}

impl Account {
    fn new(owner: &str) -> Account {
        Account { owner: owner.to_string(), balance: 0, history: Vec::new() }
    }

    fn deposit(&mut self, amount: i64) {
        self.balance += amount;
        self.history.push(amount);
    }
}

fn pick(items: &[i64], index: usize) -> i64 {
    items[index]
}

fn main() {
    let args: Vec<String> = env::args().collect();
    let mut account = Account::new("ferris");
    let bonus = args.len() as i64;
    let add_bonus = |x: i64| x + bonus;
    for amount in [10, 20, 30] {
        account.deposit(add_bonus(amount));
    }
    println!("{} has {} after {} deposits", account.owner, account.balance, account.history.len());
    if args.len() > 1 {
        let index: usize = args[1].parse().unwrap_or(99);
        let items = [1i64, 2, 3];
        println!("item = {}", pick(&items, index));
    }
}
