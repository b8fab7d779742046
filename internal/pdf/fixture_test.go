package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"time"

	"github.com/opcc-tools/s55/internal/document"
)

// The seed response: Cambridgeshire and Peterborough PCC to the Home
// Secretary, 13 September 2021 (../shared/seeds/000_fd419eb2edde42bb.txt).
const seedReport = "'A Joint Thematic Inspection on the Police and Crown Prosecution Service's response to rape – Phase One: From report to Police or CPS decision to take no further action'"

var seedLetter = []string{
	"Under Section 55(5) of the Police Act 1996, as Police and Crime Commissioner I am pleased to provide my formal response to the report by HMICFRS entitled " + seedReport + ".",
	"Both the Chief Constable and I welcome the publication of the report.",
	"I do wish to assure you that Cambridgeshire has one of the most mature partnership working arrangements for supporting victims and survivors of rape in the country. This was recognised by the Home Office when we were one of five areas chosen to pilot the devolution of the Rape Support Fund money to better meet local need. My office has secured funding for an additional seven Independent Sexual Violence Advocates in the past year which has enhanced the provision of local support.",
	"Further assurance regarding recognition of the recommendations and what needs to be done in support of delivering those, can be gained through the Cambridgeshire Criminal Justice Board which I Chair. This report was submitted to the Board in July, where both Cambridgeshire Constabulary and the Crown Prosecution Service discussed the report and recommendations. I am also pleased to say that I am aware that work is ongoing in respect of the recommendations, such as CPS having a Rape and Serious Sexual Offences Strategy that incorporates the recommendations, and that work is ongoing between the CPS and the Constabulary to delivery against this. The Board, and its sub-groups, will be provided with further updates regarding the recommendations in order to discuss progress.",
	"A report from the Chief Constable in respect of Cambridgeshire Constabulary's response to the recommendations made by HMICFRS is attached at Appendix 1.",
	"I hope this response, and that of the Chief Constable, provides reassurance regarding the commitment of both myself and Cambridgeshire Constabulary in providing an effective response to deal with rape offences and the support being given to victims.",
}

// seedRecs holds each recommendation's text and the force's response.
var seedRecs = [13][2]string{
	{"Immediately, police forces should ensure information on the protected characteristics of rape victims is accurately and consistently recorded.",
		"The Constabulary is committed to improving outcomes for all rape survivors, including those from vulnerable groups and those in hard to reach communities where there may be a disproportionate level of sexual violence. In response to the learning from this, and the Government's end-to-end rape review report, we are comprehensively reviewing our response to rape and serious sex offences. This includes working to improve the quality of sexual offences data so that we can better understand how to encourage greater reporting, engagement and confidence in the police response."},
	{"Police forces and support services should work together at a local level to better understand each other's roles. A coordinated approach will help make sure that all available and bespoke wrap-around support is offered to the victim throughout every stage of the case. The input of victims and their experiences should play a central role in shaping the support offered.",
		"The Constabulary provides a high standard of professional and compassionate care to rape survivors from first reporting through to trial. The force has a dedicated Rape Investigation Team with specially trained officers and police staff. Victims of Rape and serious sexual offences are supported by our ISVA service who will support victims through each stage of the investigation. Our Victim and Witness Hub provides emotional and practical support to all victims of crime. Both services provide support from the time of the offence, through any subsequent police investigation or court proceedings and beyond, according to the needs of the individual. A number of organisations also work in partnership to provide support services for rape survivors. The Cambridge Rape Crisis Centre and Peterborough Rape Crisis Care Group provide specialist support, including Independent Sexual Violence Advocates (ISVAs) who work alongside the Rape Investigation Team to better support survivors of sexual violence. Support can also be accessed through The Elms Sexual Assault Referral Centre (SARC) which offers a range of multi-agency support services and practical help to anyone who has experienced sexual violence or sexual abuse, either recently or in the past."},
	{"Police forces should collect data to record the different stages when, and reasons why, a victim may withdraw support for a case. The Home Office should review the available outcome codes so that the data gathered can help target necessary remedial action and improve victim care.",
		"The Constabulary aims to increase and maintain victim engagement in rape and serious sex offences cases. The force holds Rape Scrutiny Panels which are an open and transparent forum to review cases where a decision to take no further action has been taken by the police or Crown Prosecution Service to identify learning. Victim Feedback Panels are being developed to ensure we actively seek and respond to the voices of victims and survivors; and use this information to adapt our approach to investigations. The National Policing Vulnerability Knowledge and Practice Programme (which is working in collaboration with forces to gather a detailed understanding of current practice and interventions associated with protecting vulnerable persons) have also been invited to conduct a peer review of our Rape Investigation Team, in particular our approach to victim engagement and retention, to share best practice and ensure we better support survivors of sexual violence."},
	{"Immediately, police forces and CPS Areas should work together at a local level to prioritise action to improve the effectiveness of case strategies and action plans, with rigorous target and review dates and a clear escalation and performance management process. The NPCC lead for adult sexual offences and the CPS lead should provide a national framework to help embed this activity.",
		"The Constabulary recognises the importance of building strong cases from the outset to maximise justice for rape survivors. The force has implemented an investigation improvement plan with a shift to offender-focused investigations; a more positive culture and mindset; regular victim-informed training; and rigorous case management with the aim of improving prosecution rates. This is reinforced through stronger supervisory oversight and compliance frameworks that have been introduced to ensure investigative excellence; improve file quality; increase investigation timeliness; and support officer welfare. The force will continue to work with the CPS to improve file quality and will await further information on a national framework to support this activity."},
	{"Police forces and the CPS should work together at a local level to introduce appropriate ways to build a cohesive and seamless approach. This should improve relationships, communication and understanding of the roles of each organisation. As a minimum, the following should be included: 1) considering early investigative advice in every case and recording reasons for not seeking it; 2) the investigator and the reviewing prosecutor including their direct telephone and email contact details in all written communication; 3) in cases referred to the CPS, a face-to-face meeting (virtual or in person) between the investigator and prosecutor before deciding to take no further action; and 4) a clear escalation pathway available to both the police and the CPS in cases where the parties don't agree with decisions, subject to regular reviews to check effectiveness, and local results.",
		"The Constabulary recognises that effective partnership working is vital to improving outcomes for rape survivors and overall confidence in the criminal justice process. There has been a lot of activity at both a local and regional level to improve the response to rape. This includes the development of a regionally agreed action plan with CPS leads, Essex Police and Norfolk and Suffolk Constabularies; and a local comprehensive review of our Rape Investigation Team processes. Well-established strategic and operational RASSO groups have also enabled the force and the CPS to work together to share good practice; jointly resolve issues; and scrutinise performance, early advice submissions and file quality. The Constabulary will continue to work with the CPS to improve communication between investigators and prosecutors; and the experiences and outcomes for rape survivors."},
	{"The police and the CPS, in consultation with commissioned and non-commissioned services and advocates, and victims, should review the current process for communicating to victims the fact that a decision to take no further action has been made. They should implement any changes needed so that these difficult messages are conveyed in a timely way that best suits the victims' needs.",
		"The Constabulary recognises how important it is that decisions to take no further action are communicated appropriately to victims. The Rape investigation team and ISVA service have an MOU to set out how they will work in partnership, this includes how victims will be communicated. The quality of communication with victims is currently being reviewed."},
	{"Police forces should ensure investigators understand that victims are entitled to have police decisions not to charge reviewed under the Victims' Right to Review scheme and should periodically review levels of take-up.",
		"The Constabulary recognises that ensuring victims are told about their right to seek a review of a police or CPS decision to take no further action through the Victims' Right to Review scheme is imperative. The quality of communication with victims is currently being reviewed."},
	{"The National Criminal Justice Board should review the existing statutory governance arrangements for rape and instigate swift reform, taking into account the findings from this report and from the Government Rape Review. The recent appointment of the Minister for Crime and Policing to lead the implementation of the Rape Review should make sure that there is sustained oversight and accountability throughout the whole criminal justice system, sufficient resourcing for the capacity and capability required, and improved outcomes for victims. To support this, a clear oversight framework, escalation processes and scrutiny need to be in place immediately.",
		"This recommendation is addressed to the National Criminal Justice Board. The Constabulary will await further information on progress against this."},
	{"Immediately, the CPS should review and update the information on the policy for prosecuting cases of rape that is available to the public. The information provided about how the CPS deals with cases of rape must be accurate. Victims and those who support them must be able to rely on the information provided to inform their decisions.",
		"This recommendation is addressed to the CPS. The Constabulary will await further information on progress against this."},
	{"Immediately, the College of Policing and the NPCC lead for adult sexual offences should review the 2010 ACPO guidance on the investigation of rape in consultation with the CPS. The information contained in available guidance must be current to inform effective investigations of rape and provide the best service to victims.",
		"This recommendation is addressed to the College of Policing and the NPCC lead for adult sexual offences. The Constabulary will await further information on progress against this."},
	{"The Home Office should undertake an urgent review of the role of the detective constable. This should identify appropriate incentives, career progression and support for police officer and police staff investigators to encourage this career path. It should include specific recommendations to ensure there is adequate capacity and capability in every force to investigate rape cases thoroughly and effectively.",
		"This recommendation is addressed to the Home Office. The Constabulary will await further information on progress against this."},
	{"The College of Policing and NPCC lead for adult sexual offences should work together to review the current training on rape, including the Specialist Sexual Assault Investigators Development Programme (SSAIDP), to make sure that there is appropriate training available to build capability and expertise. This should promote continuous professional development and provide investigators with the right skills and knowledge to deal with reports of rape. Forces should then publish annual SSAIDP attendance figures, and information on their numbers of current qualified RASSO investigators.",
		"This recommendation is addressed to the College of Policing and NPCC lead for adult sexual offences in the first instance. The Constabulary will await further information on progress against this."},
	{"The College of Policing, NPCC lead for adult sexual offences and the CPS should prioritise action to provide joint training for the police and the CPS on the impact of trauma on victims, to promote improved decision-making and victim care.",
		"This recommendation is addressed to the College of Policing, NPCC lead for adult sexual offences and the CPS. The Constabulary will await further information on progress against this."},
}

const (
	seedSubject   = "Response to HMICFRS Report: " + seedReport
	seedAppendix  = "Cambridgeshire Constabulary's response to HMICFRS report " + seedReport + "."
	seedIntro     = "HMICFRS have set out 13 recommendations to improve how the investigation and prosecution of rape is currently handled:"
	seedEnclosure = "Enc - Appendix 1 – Cambridgeshire Constabulary’s response to HMICFRS report ‘A Joint Thematic Inspection on the Police and Crown Prosecution Service’s response to rape – Phase One: From report to Police or CPS decision to take no further action’."
)

func text(s string) []document.Span { return []document.Span{{Text: s}} }

func para(class document.Class, s string) *document.Paragraph {
	return &document.Paragraph{Class: class, Spans: text(s)}
}

// lines joins texts with line breaks.
func lines(texts ...string) []document.Span {
	var spans []document.Span
	for i, t := range texts {
		if i > 0 {
			spans = append(spans, document.Span{Break: true})
		}
		spans = append(spans, document.Span{Text: t})
	}
	return spans
}

// signaturePNG draws a small signature-like PNG.
func signaturePNG() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 40))
	for x := 5; x < 115; x++ {
		y := 20 + (x%17-8)*(x%5)/3
		img.Set(x, y, color.NRGBA{A: 255})
		img.Set(x, y+1, color.NRGBA{A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// fixture builds the seed response as one document: the letter and
// Appendix 1.
func fixture() *document.Document {
	letter := []document.Block{
		&document.Paragraph{Class: document.Letterhead, Spans: lines(
			"Police and Crime Commissioner for Cambridgeshire and Peterborough",
			"2nd Floor, Lancaster House, Ida Darwin Hospital",
			"Fulbourn, Cambridge CB21 5EE",
			"cambs-pcc@cambs.police.uk")},
		&document.Paragraph{Class: document.Recipient, Spans: lines(
			"Rt Hon Priti Patel MP", "Home Secretary", "2 Marsham Street", "London", "SW1P 4DF")},
		para(document.Dated, "13th September 2021"),
		para(document.Salutation, "Dear Home Secretary"),
		&document.Heading{Level: 1, ID: "subject", Spans: text(seedSubject)},
	}
	for _, p := range seedLetter {
		letter = append(letter, para(document.Body, p))
	}
	letter = append(letter,
		&document.Group{Class: document.Signature, Blocks: []document.Block{
			para(document.Closing, "Yours sincerely"),
			&document.Image{Data: signaturePNG(), Type: "png", Width: 45, Height: 15,
				Alt: "Signature of Darryl Preston"},
			&document.Paragraph{Class: document.Signatory, Spans: []document.Span{
				{Text: "Darryl Preston", Bold: true}, {Break: true},
				{Text: "Police and Crime Commissioner for Cambridgeshire and Peterborough"}}},
		}},
		&document.Paragraph{Class: document.Copies, Spans: []document.Span{
			{Text: "cc "}, {Text: "PCC@hmic.gsi.gov.uk", Href: "mailto:PCC@hmic.gsi.gov.uk"}}},
		para(document.Enclosure, seedEnclosure),
	)
	list := &document.List{Ordered: true, Class: document.Item}
	for i, r := range seedRecs {
		n := strconv.Itoa(i + 1)
		list.Items = append(list.Items, &document.ListItem{
			ID: "rec-" + n, Label: n + ".", Outline: "Recommendation " + n,
			Blocks: []document.Block{
				&document.Paragraph{Spans: []document.Span{
					{Text: "Recommendation " + n + ":", Bold: true}, {Text: " " + r[0]}}},
				&document.Paragraph{Spans: []document.Span{
					{Text: "Force response:", Bold: true}, {Text: " " + r[1]}}},
			},
		})
	}
	return &document.Document{
		Lang:     "en-GB",
		Title:    "Response to HMICFRS: A joint thematic inspection of the police and CPS response to rape – Phase one",
		Author:   "Police and Crime Commissioner for Cambridgeshire and Peterborough",
		Subject:  "Section 55 response to HMICFRS, with the Constabulary’s response at Appendix 1",
		Keywords: []string{"HMICFRS", "section 55", "rape"},
		Date:     time.Date(2021, 9, 13, 0, 0, 0, 0, time.UTC),
		PageLabel: func(page, pages int) string {
			return fmt.Sprintf("Page %d of %d", page, pages)
		},
		Parts: []*document.Part{
			{Kind: document.Letter, ID: "letter", Outline: "Letter to the Home Secretary", Blocks: letter},
			{Kind: document.Appendix, ID: "appendix-1", Outline: "Appendix 1", Blocks: []document.Block{
				&document.Heading{Level: 1, ID: "appendix-1-title", Spans: text(seedAppendix)},
				para(document.Intro, seedIntro),
				list,
			}},
		},
	}
}

// seedParagraphs lists the fixture's paragraphs as they must come back
// from the PDF, in reading order.
func seedParagraphs() []string {
	ps := []string{"Rt Hon Priti Patel MP", "13th September 2021", "Dear Home Secretary", seedSubject}
	ps = append(ps, seedLetter...)
	ps = append(ps, "Yours sincerely", "Darryl Preston", "cc PCC@hmic.gsi.gov.uk", seedEnclosure, seedAppendix, seedIntro)
	for i, r := range seedRecs {
		n := strconv.Itoa(i + 1)
		ps = append(ps, n+". Recommendation "+n+": "+r[0], "Force response: "+r[1])
	}
	return ps
}

// png16 draws a 16-bit greyscale PNG, which gofpdf cannot read as it is.
func png16() []byte {
	img := image.NewGray16(image.Rect(0, 0, 30, 30))
	for x := 0; x < 30; x++ {
		for y := 0; y < 30; y++ {
			img.SetGray16(x, y, color.Gray16{Y: uint16(x * y * 70)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
