"""Regenerate annotations.jsonl: sample codings by two coders on the sample corpus.

Each span is given by its quoted passage; the script finds it in the normalised
text (so offsets are always right) and checks that it re-slices and sits on word
boundaries. Run: /work/venv/bin/python resources/sample/make_annotations.py
"""

import hashlib
import json
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
OUT = HERE / "annotations.jsonl"
CODERS = {"A": "Ana", "B": "Ben"}

# (coders, code, passage[, memo]); coders "AB" = both, "A" = Ana only, "B" = Ben only.
# A passage is a string that occurs exactly once, or (string, n) for its n-th occurrence.
SPANS = {
    "01-minister-oped.txt": [
        ("A", "claim", "Trains were cut, bus routes were “rationalised”, and young people left for the capital because there was no reliable way to get to work, college or hospital."),
        ("B", "claim", "It never did. Trains were cut, bus routes were “rationalised”, and young people left for the capital because there was no reliable way to get to work, college or hospital."),
        ("AB", "claim", "The Fair Regions Plan invests €4.2 billion over six years in regional rail and bus services."),
        ("AB", "claim", "It will reopen the Kessbury–Dunmore line, double the frequency of services along the coast, and guarantee that no town of more than 5,000 people is further than 30\u00a0minutes from a station or a fast bus link."),
        ("A", "claim", "These are not vague ambitions: every project has a budget line and a completion date, published in full on the ministry’s website."),
        ("B", "claim", "every project has a budget line and a completion date, published in full on the ministry’s website."),
        ("A", "claim", "Yes, part of the plan is paid for by a modest levy on fuel — four cents a litre, phased in over two years."),
        ("B", "claim", "part of the plan is paid for by a modest levy on fuel — four cents a litre, phased in over two years."),
        ("A", "claim", "Doing nothing is not free. Every year that a family in Harrowby has to run two cars because there is no bus, they pay far more than this levy will ever cost them."),
        ("B", "claim", "Every year that a family in Harrowby has to run two cars because there is no bus, they pay far more than this levy will ever cost them."),
        ("AB", "attack", "That is simply untrue, and they know it."),
        ("A", "attack", "The Social Forum sat in government for eight years and closed eleven rural stations. Having failed the regions when they had the chance, they now oppose the first serious plan to repair the damage."),
        ("B", "claim", "The Social Forum sat in government for eight years and closed eleven rural stations.", "Factual on its own; the attack is carried by the next sentence."),
        ("B", "attack", "Having failed the regions when they had the chance, they now oppose the first serious plan to repair the damage."),
        ("A", "appeal to fairness", "People in the regions pay the same taxes as people in the capital. They deserve the same chance to reach a job, a classroom or a doctor without spending half their wages on petrol."),
        ("B", "appeal to fairness", "Fairness matters here. People in the regions pay the same taxes as people in the capital. They deserve the same chance to reach a job, a classroom or a doctor without spending half their wages on petrol."),
        ("A", "appeal to fairness", "That is what this plan is about: the same rights, wherever you happen to live."),
        ("B", "appeal to fairness", "the same rights, wherever you happen to live"),
        ("AB", "claim", "Households on the lowest incomes will receive a mobility credit of €180 a year, more than covering the levy for a typical rural driver."),
        ("A", "claim", "Farmers and hauliers will be able to claim the levy back on agricultural diesel."),
        ("AB", "claim", "And every cent raised will go into a ring-fenced fund that cannot be spent on anything else — not on the capital, not on tax cuts, not on vanity projects."),
        ("A", "appeal to fairness", "“We are not asking for favours. We are asking not to be forgotten.”", "Reported voice of residents, used by the minister as her own justification."),
        ("B", "appeal to fairness", "We are not asking for favours. We are asking not to be forgotten."),
        ("B", "claim", "The Fair Regions Plan is our answer."),
    ],
    "02-opposition-commentary.txt": [
        ("B", "attack", "The Fair Regions Plan is neither fair nor regional", "Headline; attacks the plan's framing rather than an actor?"),
        ("AB", "attack", "The transport minister wants you to believe that a fuel levy is an act of generosity."),
        ("A", "claim", "Read the small print of the Fair Regions Plan and a different picture emerges: the people who will pay the most are the ones who have no choice but to drive."),
        ("B", "appeal to fairness", "the people who will pay the most are the ones who have no choice but to drive", "Distributive argument: who pays."),
        ("AB", "claim", "No train or bus will ever run at three in the morning on a Tuesday, however many billions are announced."),
        ("A", "appeal to fairness", "She will pay the levy every single day, and she will get nothing in return."),
        ("B", "claim", "She will pay the levy every single day, and she will get nothing in return."),
        ("AB", "appeal to fairness", "Multiply her by the tens of thousands of shift workers, carers and small farmers in the valleys, and you begin to see who is really funding this plan."),
        ("A", "attack", "The last ring-fenced fund, for flood defences, was quietly raided within two budgets to plug a hole in the capital’s metro project. Ministers who could not keep that promise are now asking for our trust on a scheme worth €4.2 billion."),
        ("B", "claim", "The last ring-fenced fund, for flood defences, was quietly raided within two budgets to plug a hole in the capital’s metro project."),
        ("B", "attack", "Ministers who could not keep that promise are now asking for our trust on a scheme worth €4.2 billion."),
        ("A", "appeal to fairness", "“Four cents a litre doesn’t sound like much until you drive 80\u00a0km a day to keep your business open 😡 #FairRegions”", "Quoted social-media post: a third party's voice, recruited by the author."),
        ("AB", "claim", "That is not the voice of an opposition party. That is the voice of the people the plan claims to help."),
        ("AB", "claim", "Nobody in the Social Forum opposes better trains."),
        ("A", "claim", "We would welcome the Kessbury–Dunmore line reopening tomorrow."),
        ("AB", "appeal to fairness", "But investment should be funded fairly, from general taxation, where those with the broadest shoulders carry the heaviest load."),
        ("AB", "appeal to fairness", "A flat levy at the pump asks a pensioner in a rural village to pay the same rate as a banker in a company car — and the banker can claim his fuel back as an expense."),
        ("B", "claim", "the banker can claim his fuel back as an expense", "Checkable factual claim inside the comparison."),
        ("AB", "attack", "This government has a habit of announcing grand plans on Monday and leaving the bill for someone else by Friday."),
        ("A", "attack", "Fine words. But rights that are paid for by the people least able to afford them are not rights at all; they are a transfer from the struggling to the comfortable."),
        ("B", "appeal to fairness", "But rights that are paid for by the people least able to afford them are not rights at all; they are a transfer from the struggling to the comfortable.", "Could be attack (mocks the minister's words), but the argument is distributive."),
        ("AB", "claim", "Scrap the levy, fund the first phase of the rail programme from the unspent infrastructure reserve, and hold a genuine consultation in the regions before a single cent is collected."),
        ("A", "attack", "If the plan is as good as the minister claims, it will survive a little scrutiny."),
    ],
    "03-campaign-speech.txt": [
        ("A", "boilerplate", "Speech by Rene\u0301 Castellan, Coastal League candidate for Port Allend, at the harbour hall rally, 14 March", "Archive header, not spoken."),
        ("A", "claim", "Forty-seven. That is how many shops on the harbour front have closed in the last five years."),
        ("B", "claim", "That is how many shops on the harbour front have closed in the last five years."),
        ("B", "boilerplate", ("[Applause]", 0), "Transcriber's stage directions, not speech."),
        ("A", "attack", "I have listened to both of them for twenty years, and I can tell you what their plans have in common: they were written in the capital, by people who have never waited ninety minutes for a bus in the rain at Allend Cross."),
        ("B", "attack", "they were written in the capital, by people who have never waited ninety minutes for a bus in the rain at Allend Cross."),
        ("B", "boilerplate", "[Laughter]"),
        ("AB", "claim", "Our fishing fleet lands catch worth €300 million a year."),
        ("AB", "claim", "The ferry port handles more freight than any harbour between here and the border."),
        ("A", "claim", "And yet barely a tenth of what this coast earns is ever spent on this coast."),
        ("B", "appeal to fairness", "And yet barely a tenth of what this coast earns is ever spent on this coast."),
        ("A", "attack", "That is not bad luck. That is a choice, made every year, by governments who think of us as a place to pass through."),
        ("B", "attack", "That is a choice, made every year, by governments who think of us as a place to pass through."),
        ("AB", "appeal to fairness", "All we ask is a fair share. Not charity. Not special treatment. A fair share of what this coast already produces, spent by the people who live here."),
        ("AB", "attack", "The minister calls her fuel levy fair. Let her come to Port Allend and explain that to the men and women who fuel their boats at four in the morning."),
        ("A", "appeal to fairness", "Let her explain it to the care workers who drive between six villages a day because there is no bus."),
        ("B", "attack", "Let her explain it to the care workers who drive between six villages a day because there is no bus."),
        ("A", "attack", "They will tell her what fair means."),
        ("B", "boilerplate", ("[Applause]", 1)),
        ("AB", "claim", "A coastal investment fund, controlled from this coast, taking one euro in every ten that the harbour earns."),
        ("AB", "claim", "A night bus between Port Allend, Kessbury and the county hospital, starting this year, not in six years."),
        ("A", "claim", "And a guarantee that no school on this coast closes while a single politician in the capital still has a chauffeur."),
        ("A", "attack", "while a single politician in the capital still has a chauffeur"),
        ("B", "attack", "And a guarantee that no school on this coast closes while a single politician in the capital still has a chauffeur."),
        ("AB", "claim", "A town that cannot get its young people to college will not have a future."),
        ("A", "claim", "A town that cannot get its old people to a doctor does not deserve to call itself civilised."),
        ("B", "appeal to fairness", "A town that cannot get its old people to a doctor does not deserve to call itself civilised."),
    ],
    "04-news-scraped.txt": [
        ("AB", "boilerplate", "Home › News › Politics"),
        ("B", "boilerplate", "Published 16 March, 07:45 · Updated 16 March, 09:10", "CMS timestamp; keep or drop?"),
        ("A", "claim", "Organisers put the crowd at around 1,200; police estimated 600."),
        ("B", "claim", "The levy of four cents a litre is intended to help fund the government’s €4.2 billion Fair Regions Plan, which promises to reopen the Kessbury–Dunmore railway line and expand rural bus services."),
        ("A", "claim", "We are not against trains"),
        ("A", "appeal to fairness", "“We are against being told to pay for them twice, once in our taxes and again at the pump.”"),
        ("B", "appeal to fairness", "We are against being told to pay for them twice, once in our taxes and again at the pump."),
        ("AB", "claim", "the levy would be offset for low-income households by a new mobility credit"),
        ("A", "claim", "“The people of Harrowby will be among the biggest winners from this plan,”"),
        ("B", "claim", "The people of Harrowby will be among the biggest winners from this plan"),
        ("A", "claim", "The Social Forum, the main opposition party, has said it will vote against the levy but supports the rail investment in principle."),
        ("A", "attack", "“designed in the capital for the capital”"),
        ("B", "attack", "designed in the capital for the capital"),
        ("A", "claim", "A poll for the Courier last week found 54% of voters in the valleys opposed the levy, with 31% in favour."),
        ("A", "boilerplate", "Share this article\nFacebook · X · WhatsApp · Email · Copy link\n\nYou may also like\nDunmore council approves new car park despite objections\nFive things to do in the Lower Marsh this weekend\nHarbour festival returns after three-year break\nOpinion: The valleys deserve better than slogans\n\nSign up to our newsletter\nGet the top stories from the valleys delivered to your inbox every morning.\nEnter your email address   Subscribe\n\nWe use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies. Manage preferences | Accept all\n\n© Valley Courier Media Ltd. All rights reserved.", "Whole scraped tail as one block."),
        ("B", "boilerplate", "Share this article\nFacebook · X · WhatsApp · Email · Copy link"),
        ("B", "boilerplate", "You may also like\nDunmore council approves new car park despite objections\nFive things to do in the Lower Marsh this weekend\nHarbour festival returns after three-year break\nOpinion: The valleys deserve better than slogans"),
        ("B", "boilerplate", "Sign up to our newsletter\nGet the top stories from the valleys delivered to your inbox every morning.\nEnter your email address   Subscribe"),
        ("B", "boilerplate", "We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies. Manage preferences | Accept all"),
        ("B", "boilerplate", "© Valley Courier Media Ltd. All rights reserved."),
    ],
    "05-radio-interview.txt": [
        ("A", "boilerplate", "RADIO NORTH — MORNING EDITION\nTranscript: interview with Ilse Varga, Social Forum spokesperson for transport\nThis transcript was produced automatically and may contain errors. Please check against the broadcast before quoting."),
        ("B", "boilerplate", "This transcript was produced automatically and may contain errors. Please check against the broadcast before quoting."),
        ("AB", "claim", "We support the railways and we have a costed way of paying for them."),
        ("AB", "claim", "There is €900 million sitting unspent in the infrastructure reserve."),
        ("AB", "claim", "The government could start work on the Kessbury line tomorrow without charging anyone a cent at the pump."),
        ("A", "attack", "The minister said the flood fund was ring-fenced too, and we all know what happened to that. I’m afraid this government’s promises have a very short shelf life."),
        ("B", "attack", "The minister said the flood fund was ring-fenced too, and we all know what happened to that."),
        ("B", "attack", "I’m afraid this government’s promises have a very short shelf life."),
        ("A", "attack", "But your own party closed eleven rural stations when it was in power.", "Interviewer's challenge; coded because it attacks the party's record."),
        ("A", "claim", "Some of those closures were mistakes."),
        ("A", "claim", "But the answer to past mistakes isn’t to make a new one, and a flat tax on fuel is a mistake."),
        ("B", "claim", "a flat tax on fuel is a mistake"),
        ("AB", "claim", "A credit of €180 a year, paid once, in arrears, if you fill in the right form."),
        ("AB", "claim", "Meanwhile a care worker in the valleys can easily spend that in six weeks on the levy alone."),
        ("A", "appeal to fairness", "People who have no alternative to the car are being asked to pay the most. That isn’t fair, and people in the regions know it isn’t fair."),
        ("A", "claim", "People who have no alternative to the car are being asked to pay the most."),
        ("B", "appeal to fairness", "People who have no alternative to the car are being asked to pay the most."),
        ("B", "claim", "Fund the first phase from the reserve"),
        ("AB", "appeal to fairness", "pay for the rest through general taxation, where the burden falls on those who can bear it"),
        ("AB", "claim", "And put a night bus on the main routes this year, because shift workers can’t wait six years."),
        ("AB", "boilerplate", "[End of segment. Radio North Morning Edition is available as a podcast on all major platforms.]"),
    ],
    "06-letter-to-editor.txt": [
        ("B", "boilerplate", "Letters to the Editor", "Section heading added by the paper."),
        ("AB", "claim", "My neighbours who farm, or who drive a taxi, will feel every cent of this fuel levy, and I do not blame them for marching."),
        ("A", "appeal to fairness", "But I wish someone on that march had spoken for people like me."),
        ("AB", "claim", "When the Harrowby station closed, I lost the only way I had of visiting my sister in Kessbury without begging lifts."),
        ("A", "appeal to fairness", "For those of us who cannot drive, or can no longer afford to, the bus is not a luxury. It is the difference between having a life and watching one through the window."),
        ("B", "claim", "For those of us who cannot drive, or can no longer afford to, the bus is not a luxury."),
        ("A", "attack", "Both of the big parties have let us down. The Social Forum closed our station and now tells us it loves trains. The government wants our thanks for reopening a line it should never have allowed to close in the first place."),
        ("B", "attack", "Both of the big parties have let us down."),
        ("B", "attack", "The Social Forum closed our station and now tells us it loves trains."),
        ("B", "attack", "The government wants our thanks for reopening a line it should never have allowed to close in the first place."),
        ("A", "attack", "Neither of them has ever asked a pensioner in Harrowby what she actually needs."),
        ("B", "appeal to fairness", "Neither of them has ever asked a pensioner in Harrowby what she actually needs.", "Being left out: fairness rather than attack?"),
        ("AB", "claim", "What I need is simple: a bus that runs after six in the evening, and a train that stops here at least twice a day."),
        ("A", "claim", "I would happily pay a little more for that, and I suspect many of my neighbours would too, if they could see the money actually arrive in the valleys rather than disappear into the capital."),
        ("B", "claim", "I would happily pay a little more for that"),
        ("A", "appeal to fairness", "My mother, who grew up speaking Greek, had a word for the duty we owe to the people around us: φιλότιμο.", "Cultural frame (reciprocity) for the fairness argument that follows."),
        ("B", "appeal to fairness", "φιλότιμο. It does not translate neatly, but it means something like the honour of doing right by your neighbours."),
        ("AB", "appeal to fairness", "A fair plan would ask the people who gain the most to pay the most, and it would not leave those without a car at the back of the queue again."),
    ],
}


def normalise(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def locate(text: str, passage) -> tuple[int, int]:
    passage, nth = passage if isinstance(passage, tuple) else (passage, None)
    hits, i = [], text.find(passage)
    while i != -1:
        hits.append(i)
        i = text.find(passage, i + 1)
    if nth is None and len(hits) != 1:
        raise SystemExit(f"passage found {len(hits)} times: {passage[:60]!r}")
    start = hits[nth or 0]
    end = start + len(passage)
    assert passage == passage.strip(), f"edge whitespace: {passage[:60]!r}"
    assert start == 0 or not (word_char(text[start - 1]) and word_char(text[start])), passage[:60]
    assert end == len(text) or not (word_char(text[end - 1]) and word_char(text[end])), passage[-60:]
    return start, end


def main() -> None:
    lines, counts = [], {name: 0 for name in CODERS.values()}
    for doc, specs in SPANS.items():
        text = normalise((CORPUS / doc).read_bytes())
        spans = []
        for who, code, passage, *memo in specs:
            start, end = locate(text, passage)
            for key in who:
                spans.append({"start": start, "end": end, "code": code, "coder": CODERS[key],
                              "memo": memo[0] if memo else None})
        spans.sort(key=lambda s: (s["start"], -s["end"], s["coder"]))
        for s in spans:
            counts[s["coder"]] += 1
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        lines.append(json.dumps({"document": doc, "sha256": sha, "text": text, "spans": spans},
                                ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # Verify what was written: hash, and that every span re-slices to its passage.
    for line, (doc, specs) in zip(OUT.read_text(encoding="utf-8").splitlines(), SPANS.items()):
        rec = json.loads(line)
        assert rec["text"] == normalise((CORPUS / doc).read_bytes())
        assert rec["sha256"] == hashlib.sha256(rec["text"].encode("utf-8")).hexdigest()
        wanted = sorted((p[0] if isinstance(p, tuple) else p) for who, _, p, *_ in specs for _ in who)
        got = sorted(rec["text"][s["start"]:s["end"]] for s in rec["spans"])
        assert wanted == got, doc
    print(f"wrote {OUT.name}: {len(lines)} documents, spans per coder {counts}")


if __name__ == "__main__":
    main()
