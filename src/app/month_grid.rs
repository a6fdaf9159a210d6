//! The month grid under a monthly-execution item (`components::rule_input`'s GridRow) wraps in even
//! lines: how many months a line holds, for each width the grid may have. Plain Rust, tested natively.

/// The most months a line of the grid can hold, at the widths styles/table.css tells apart.
pub const LINE_WIDTHS: [usize; 8] = [2, 3, 4, 5, 6, 8, 10, 12];

/// How many of `count` months go on a line that holds at most `most`: all of them if they fit; else
/// the most that divides them evenly (12 as 6 + 6, 10 as 5 + 5), unless that is under half a line
/// (a prime count), then lines as even as can be (11 as 6 + 5). Never one month alone on a line.
pub fn even_columns(count: usize, most: usize) -> usize {
    let most = most.max(1);
    if count <= most {
        return count.max(1);
    }
    match (1..=most).rev().find(|c| count % c == 0) {
        Some(divisor) if divisor * 2 >= most => divisor,
        _ => count.div_ceil(count.div_ceil(most)),
    }
}

#[cfg(test)]
mod tests {
    use super::even_columns;

    #[test]
    fn months_wrap_in_even_lines() {
        // (months, most on a line, on each line)
        let cases = [
            (10, 12, 10),
            (10, 10, 10),
            (10, 8, 5),
            (10, 6, 5),
            (10, 4, 2),
            (10, 3, 2),
            (12, 10, 6),
            (12, 8, 6),
            (12, 5, 4),
            (12, 3, 3),
            (11, 6, 6),
            (11, 4, 4),
            (7, 4, 4),
            (1, 12, 1),
            (0, 4, 1),
        ];
        for (count, most, expected) in cases {
            let columns = even_columns(count, most);
            assert_eq!(columns, expected, "{count} months, at most {most} a line");
            // The last line holds more than one month, unless there is only one.
            let last = count % columns;
            assert!(count <= 1 || last != 1, "{count} months at {columns}: one alone");
        }
    }
}
