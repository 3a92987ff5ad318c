//! Shared by tests and benchmarks: a generated post of the blog's genre, of any size.

/// A post with `n` quoted telegrams, each with two editorial notes and an
/// attribution (every tenth a full citation, the rest Ibid.), and author
/// prose with an image caption between them: about 1 KB per quote, so
/// 5,000 quotes make a 5 MB post with 10,000 notes.
pub fn generated_post(n: usize) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Generated</title></head><body>\
         <article class=\"post\"><div class=\"entry-content\">",
    );
    for i in 0..n {
        let day = i % 28 + 1;
        html.push_str(&format!(
            "<p>The author introduces document {i}, which arrived late, as so often with the telegrams of that \
             winter: the lines through Siberia were cut, and the embassy’s messages waited weeks in Harbin.</p>\n\
             <blockquote><p>Recently the bolsheviks’ [lit. maximalists’ – ed.] strength has grown further; \
             Commander-in-Chief Dukhonin [N.N. Dukhonin – ed.] refused the order of the government. \
             I fear an uprising is imminent. The ministers have left the capital and the treasury is closed. \
             Please await further news, number {i}.</p></blockquote>\n"
        ));
        if i % 10 == 0 {
            html.push_str(&format!(
                "<p>Telegram from Liu Jingren to the Foreign Ministry, {day} December 1917 (sent {day} November). \
                 Zhong-e guanxi shiliao, E zhengbian yu yiban jiaoshe (1), pp. {}-{}.</p>\n",
                100 + i,
                101 + i
            ));
        } else {
            html.push_str(&format!(
                "<p>Telegram from Liu Jingren, {day} December 1917 (sent {day} November). Ibid., p. {}.</p>\n",
                100 + i
            ));
        }
        html.push_str(
            "<p>The author comments on it: the news was already three weeks old when it reached Beijing, and the \
             ministry could do little but wait for the next telegram, as the Allies in Petrograd did too.</p>\n",
        );
        html.push_str(
            "<div class=\"wp-caption\"><img src=\"data:,\" alt=\"\"><p class=\"wp-caption-text\">The Winter Palace. Source.</p></div>\n",
        );
    }
    html.push_str("</div></article></body></html>");
    html
}
