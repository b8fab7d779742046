// The expected findings for testdata/seed-recommendations.txt, copied from
// Appendix 1 of the seed response (../shared/seeds/000_fd419eb2edde42bb.txt).

package findings

// seedWant is what Parse must return for the seed's 13 recommendations,
// copied from Appendix 1 of the seed response.
var seedWant = []Finding{
	{Kind: Recommendation, Number: 1, Line: 3, Deadline: "Immediately",
		Text: "Immediately, police forces should ensure information on the protected characteristics of rape victims is accurately and consistently recorded."},
	{Kind: Recommendation, Number: 2, Line: 5, Deadline: "",
		Text: "Police forces and support services should work together at a local level to better understand each other's roles. A coordinated approach will help make sure that all available and bespoke wrap-around support is offered to the victim throughout every stage of the case. The input of victims and their experiences should play a central role in shaping the support offered."},
	{Kind: Recommendation, Number: 3, Line: 7, Deadline: "",
		Text: "Police forces should collect data to record the different stages when, and reasons why, a victim may withdraw support for a case. The Home Office should review the available outcome codes so that the data gathered can help target necessary remedial action and improve victim care."},
	{Kind: Recommendation, Number: 4, Line: 9, Deadline: "Immediately",
		Text: "Immediately, police forces and CPS Areas should work together at a local level to prioritise action to improve the effectiveness of case strategies and action plans, with rigorous target and review dates and a clear escalation and performance management process. The NPCC lead for adult sexual offences and the CPS lead should provide a national framework to help embed this activity."},
	{Kind: Recommendation, Number: 5, Line: 11, Deadline: "",
		Text: "Police forces and the CPS should work together at a local level to introduce appropriate ways to build a cohesive and seamless approach. This should improve relationships, communication and understanding of the roles of each organisation. As a minimum, the following should be included: 1) considering early investigative advice in every case and recording reasons for not seeking it; 2) the investigator and the reviewing prosecutor including their direct telephone and email contact details in all written communication; 3) in cases referred to the CPS, a face-to-face meeting (virtual or in person) between the investigator and prosecutor before deciding to take no further action; and 4) a clear escalation pathway available to both the police and the CPS in cases where the parties don't agree with decisions, subject to regular reviews to check effectiveness, and local results."},
	{Kind: Recommendation, Number: 6, Line: 13, Deadline: "",
		Text: "The police and the CPS, in consultation with commissioned and non-commissioned services and advocates, and victims, should review the current process for communicating to victims the fact that a decision to take no further action has been made. They should implement any changes needed so that these difficult messages are conveyed in a timely way that best suits the victims' needs."},
	{Kind: Recommendation, Number: 7, Line: 15, Deadline: "",
		Text: "Police forces should ensure investigators understand that victims are entitled to have police decisions not to charge reviewed under the Victims' Right to Review scheme and should periodically review levels of take-up."},
	{Kind: Recommendation, Number: 8, Line: 17, Deadline: "",
		Text: "The National Criminal Justice Board should review the existing statutory governance arrangements for rape and instigate swift reform, taking into account the findings from this report and from the Government Rape Review. The recent appointment of the Minister for Crime and Policing to lead the implementation of the Rape Review should make sure that there is sustained oversight and accountability throughout the whole criminal justice system, sufficient resourcing for the capacity and capability required, and improved outcomes for victims. To support this, a clear oversight framework, escalation processes and scrutiny need to be in place immediately."},
	{Kind: Recommendation, Number: 9, Line: 19, Deadline: "Immediately",
		Text: "Immediately, the CPS should review and update the information on the policy for prosecuting cases of rape that is available to the public. The information provided about how the CPS deals with cases of rape must be accurate. Victims and those who support them must be able to rely on the information provided to inform their decisions."},
	{Kind: Recommendation, Number: 10, Line: 21, Deadline: "Immediately",
		Text: "Immediately, the College of Policing and the NPCC lead for adult sexual offences should review the 2010 ACPO guidance on the investigation of rape in consultation with the CPS. The information contained in available guidance must be current to inform effective investigations of rape and provide the best service to victims."},
	{Kind: Recommendation, Number: 11, Line: 23, Deadline: "",
		Text: "The Home Office should undertake an urgent review of the role of the detective constable. This should identify appropriate incentives, career progression and support for police officer and police staff investigators to encourage this career path. It should include specific recommendations to ensure there is adequate capacity and capability in every force to investigate rape cases thoroughly and effectively."},
	{Kind: Recommendation, Number: 12, Line: 25, Deadline: "",
		Text: "The College of Policing and NPCC lead for adult sexual offences should work together to review the current training on rape, including the Specialist Sexual Assault Investigators Development Programme (SSAIDP), to make sure that there is appropriate training available to build capability and expertise. This should promote continuous professional development and provide investigators with the right skills and knowledge to deal with reports of rape. Forces should then publish annual SSAIDP attendance figures, and information on their numbers of current qualified RASSO investigators."},
	{Kind: Recommendation, Number: 13, Line: 27, Deadline: "",
		Text: "The College of Policing, NPCC lead for adult sexual offences and the CPS should prioritise action to provide joint training for the police and the CPS on the impact of trauma on victims, to promote improved decision-making and victim care."},
}
