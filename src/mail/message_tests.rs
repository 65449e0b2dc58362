use super::*;

/// A message of plain text only, subject "Hi".
fn text_only(text: &str) -> MessageTemplate {
    MessageTemplate { subject: "Hi".into(), text: text.into(), html: None }
}

#[test]
fn the_built_in_messages_render() {
    for (message, audience) in
        [(built_in_certified(), Audience::Certified), (built_in_uncertified(), Audience::Uncertified)]
    {
        check(&message, audience).expect("the built-in message checks");
    }
    let rendered = Renderer::new(&built_in_certified(), Audience::Certified)
        .unwrap()
        .render(&RenderData::example("verified"), "https://x.example/learner/T")
        .unwrap();
    assert_eq!(rendered.subject, "Your certificate for Cartography of Middle-earth");
    assert!(rendered.text.starts_with("Dear Bilbo Baggins,\n"), "{}", rendered.text);
    assert!(rendered.text.contains("https://certs.example.org/verify/K7QF-M2XD-9HTA"));
    assert!(rendered.text.contains("https://x.example/learner/T"));
    // minijinja writes `/` as `&#x2f;` in HTML; mail readers read it back as `/`.
    let html = rendered.html.unwrap().replace("&#x2f;", "/");
    // A link is one long word: on a phone it breaks anywhere rather than run off the screen.
    assert!(html.contains("<a href=\"https://x.example/learner/T\" style=\"word-break: break-all\">"), "{html}");
}

#[test]
fn a_message_may_name_the_certificate_it_replaces_only_where_there_is_one() {
    let guarded = text_only("{% if replaces %}Replaces {{ replaces.code }} of {{ replaces.sent_on }}.{% endif %}\n");
    assert!(check(&guarded, Audience::Certified).is_ok());
    let renderer = Renderer::new(&guarded, Audience::Certified).unwrap();
    let data = RenderData::example("honor");
    let replacing = renderer.render_replacing(&data, "", Some(&example_replaced())).unwrap();
    assert_eq!(replacing.text, "Replaces PND3-TKL4-NSMB of 2026-11-23.");
    assert_eq!(renderer.render(&data, "").unwrap().text, "");
    // A first message has no earlier certificate: naming one unguarded fails the check.
    let unguarded = MessageTemplate { text: "Replaces {{ replaces.code }}.\n".into(), ..guarded };
    assert!(check(&unguarded, Audience::Certified).is_err());
    assert!(check(&unguarded, Audience::Uncertified).is_err());
}

#[test]
fn without_a_link_the_text_has_no_gap() {
    let rendered = Renderer::new(&built_in_certified(), Audience::Certified)
        .unwrap()
        .render(&RenderData::example("honor"), "")
        .unwrap();
    assert!(rendered.text.contains("/verify/K7QF-M2XD-9HTA\n\nWith our best wishes,\n"), "{}", rendered.text);
    let rendered = Renderer::new(&built_in_uncertified(), Audience::Uncertified)
        .unwrap()
        .render(&RenderData::example("honor"), "")
        .unwrap();
    assert!(rendered.text.contains("Your grade is 95.0%.\n\nWith our best wishes,\n"), "{}", rendered.text);
}

/// A learner without a certificate whose grade is not final is told so: the farewell read as
/// the last word on a grade that could still rise.
#[test]
fn the_farewell_says_a_grade_is_not_final_yet() {
    let mut data = RenderData::example("honor");
    data.grade.status = "provisional".to_string();
    let rendered = Renderer::new(&built_in_uncertified(), Audience::Uncertified).unwrap().render(&data, "").unwrap();
    assert!(rendered.text.contains("Your grade is 95.0%, not final yet.\n"), "{}", rendered.text);
}

#[test]
fn names_in_the_built_in_html_keep_their_own_direction() {
    // An Arabic name that ends in a bracket would, left to the paragraph's direction, carry
    // the comma after it into the name and show the bracket on the wrong side.
    let mut data = RenderData::example("honor");
    data.learner.full_name = "(\u{645}\u{62d}\u{645}\u{62f})".to_string();
    data.course.title = "\u{5e7}\u{5d5}\u{5e8}\u{5e1} 101".to_string();
    let html = Renderer::new(&built_in_certified(), Audience::Certified).unwrap().render(&data, "").unwrap().html;
    let html = html.unwrap();
    assert!(html.contains("<p>Dear <bdi>(\u{645}\u{62d}\u{645}\u{62f})</bdi>,</p>"), "{html}");
    assert!(html.contains("<strong><bdi>\u{5e7}\u{5d5}\u{5e8}\u{5e1} 101</bdi></strong>"), "{html}");
    assert!(html.contains("<bdi>Gandalf the Grey</bdi>, <bdi>Course Director</bdi><br>"), "{html}");
}

#[test]
fn the_built_in_message_is_signed_by_someone_whatever_the_course_names() {
    let renderer = Renderer::new(&built_in_certified(), Audience::Certified).unwrap();
    let mut data = RenderData::example("honor");
    let signed = renderer.render(&data, "").unwrap();
    assert!(
        signed
            .text
            .ends_with("With our best wishes,\nGandalf the Grey, Course Director\nElrond Half-elven, Dean of Lore\n"),
        "{}",
        signed.text
    );
    // A course.toml signatory may have no title: no comma is left hanging after the name.
    data.signatories.truncate(1);
    data.signatories[0].title.clear();
    let untitled = renderer.render(&data, "").unwrap();
    assert!(untitled.text.ends_with("With our best wishes,\nGandalf the Grey\n"), "{}", untitled.text);
    assert!(untitled.html.unwrap().contains("With our best wishes,<br>\n<bdi>Gandalf the Grey</bdi><br>\n</p>"));
    // A course that names no signatory: the message is still signed.
    data.signatories.clear();
    let unsigned = renderer.render(&data, "").unwrap();
    assert!(unsigned.text.ends_with("With our best wishes,\nThe course team\n"), "{}", unsigned.text);
    assert!(unsigned.html.unwrap().contains("With our best wishes,<br>\nThe course team\n</p>"));
    let farewell = Renderer::new(&built_in_uncertified(), Audience::Uncertified).unwrap();
    assert!(farewell.render(&data, "").unwrap().text.ends_with("With our best wishes,\nThe course team\n"));
}

/// The farewell without a certificate also reaches learners who can never ask for one (a
/// final grade below the mark, a certificate revoked by staff): it said their page "lets you
/// ask for your certificate once you are eligible", which their page then never did.
#[test]
fn the_farewell_without_a_certificate_promises_none() {
    let renderer = Renderer::new(&built_in_uncertified(), Audience::Uncertified).unwrap();
    let text = renderer.render(&RenderData::example("honor"), "https://x.example/learner/T").unwrap().text;
    assert!(
        text.contains("Your own page shows where you stand, and whether you can ask for a certificate:\nhttps://x.example/learner/T\n"),
        "{text}"
    );
    assert!(!text.contains("your certificate"), "{text}");
}

#[test]
fn html_escapes_what_it_prints_and_text_does_not() {
    let message = MessageTemplate {
        subject: "For {{ learner.full_name }}".into(),
        text: "{{ learner.full_name }}\n".into(),
        html: Some("<p>{{ learner.full_name }}</p>".into()),
    };
    let mut data = RenderData::example("honor");
    data.learner.full_name = "Tom <Bombadil> & \"Goldberry\"".into();
    let rendered = Renderer::new(&message, Audience::Certified).unwrap().render(&data, "").unwrap();
    assert_eq!(rendered.text, "Tom <Bombadil> & \"Goldberry\"");
    let html = rendered.html.unwrap();
    assert!(html.ends_with("\"><p>Tom &lt;Bombadil&gt; &amp; &quot;Goldberry&quot;</p></div>"), "{html}");
    assert_eq!(rendered.subject, "For Tom <Bombadil> & \"Goldberry\"");
}

#[test]
fn the_links_of_a_courses_own_html_wrap_on_a_phone() {
    let message = MessageTemplate {
        subject: "Hi".into(),
        text: "{{ link }}\n".into(),
        html: Some("<p>Your page: <a href=\"{{ link }}\">{{ link }}</a></p>".into()),
    };
    let link = format!("https://certs.example.org/learner/{}", "3f".repeat(20));
    let rendered = Renderer::new(&message, Audience::Certified).unwrap().render(&RenderData::example("honor"), &link);
    let html = rendered.unwrap().html.unwrap().replace("&#x2f;", "/");
    // The link inherits the wrapping of the container the content is put in.
    let container = "<div style=\"word-wrap: break-word; overflow-wrap: anywhere\">";
    assert_eq!(html, format!("{container}<p>Your page: <a href=\"{link}\">{link}</a></p></div>"));
}

#[test]
fn a_misspelt_name_or_an_unclosed_tag_is_refused_saying_where() {
    let misspelt = text_only("Dear {{ learner.fullname }}\n");
    let problem = check(&misspelt, Audience::Certified).expect_err("learner.fullname does not exist");
    assert!(problem.to_string().starts_with("the text line 1:"), "{problem}");
    let unclosed = MessageTemplate { subject: "{% if x %}".into(), text: "x\n".into(), html: None };
    assert!(check(&unclosed, Audience::Certified).expect_err("unclosed").to_string().starts_with("the subject"));
}

#[test]
fn a_message_to_learners_without_a_certificate_cannot_print_one() {
    let message = text_only("Your grade: {{ grade.percent }}%. Code: {{ certificate.code }}\n");
    assert!(check(&message, Audience::Certified).is_ok());
    let problem = check(&message, Audience::Uncertified).expect_err("no certificate to print");
    assert!(problem.to_string().starts_with("the text line 1: undefined value"), "{problem}");
}

#[test]
fn a_subject_longer_than_mail_servers_take_is_refused() {
    let subject = format!("{} {{{{ course.title }}}}", "Thank you ".repeat(18));
    let message = MessageTemplate { subject, text: "Text\n".into(), html: None };
    let problem = check(&message, Audience::Certified).expect_err("207 characters with the example title");
    assert!(problem.to_string().contains("comes to 207 characters"), "{problem}");
    let message = MessageTemplate { subject: "Thank you ".repeat(17), ..message };
    assert!(check(&message, Audience::Certified).is_ok(), "169 characters go");
}
