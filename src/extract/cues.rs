//! Word lists for discovery: titles before names, organisation and place head words,
//! connectors inside names, and capitalised words that are never names.
//! Written in their own scripts; compared after folding (so Cyrillic is stemmed too).

pub const PERSON_CUES: &str = "president presidente presidenta präsident präsidentin président présidente vice-president vice-président \
 minister ministre ministro ministra ministerin außenminister außenministerin verteidigungsminister verteidigungsministerin \
 innenminister innenministerin vice-ministre viceministro vizeminister vice-ministro premier premierminister premierministerin primer \
 chancellor chancelier chancelière kanzler kanzlerin bundeskanzler bundeskanzlerin canciller cancelliere chanceler \
 secretary secrétaire secretario secretaria segretario segretaria secretário sekretär generalsekretär \
 spokesman spokeswoman spokesperson porte-parole portavoz portavoce porta-voz sprecher sprecherin \
 ambassador ambassadeur ambassadrice embajador embajadora ambasciatore embaixador botschafter botschafterin \
 envoy envoyé envoyée enviado inviato gesandter sondergesandter \
 general gen général générale generale generalin admiral amiral almirante ammiraglio commander commandant comandante kommandeur \
 colonel col coronel colonnello oberst major lt captain capitaine \
 chief chef chefin jefe jefa capo chefe leader líder dirigeant dirigeante mandatario machthaber staatschef regierungschef regierungschefin \
 mr mrs ms dr m mme mlle herr frau sr sra señor señora sig signor signora \
 senator sen sénateur senador senatore rep congressman congresswoman lawmaker député députée abgeordneter abgeordnete diputado deputato \
 governor gouverneur gobernador governatore gouverneurin mayor maire bürgermeister alcalde sindaco prefeito \
 king queen prince princess roi reine prinz könig rey reina re principe sheikh cheikh scheich emir émir \
 director directeur directrice direktor direktorin directora direttore diretor chairman chairwoman \
 counterpart homologue homólogo omologo amtskollege amtskollegin diplomat diplomate diplomático diplomatico \
 judge juge richter richterin juez jueza giudice juiz juíza prosecutor procureur procureure staatsanwalt fiscal procuratore promotor \
 pm mp pope pape papst papa cardinal cardinale kardinal archbishop archevêque erzbischof arzobispo arcivescovo \
 negotiator négociateur opposant opposante oppositionsführer \
 президент министр замминистра глава премьер посол генерал генерал-лейтенант полковник спикер представитель пресс-секретарь \
 лидер канцлер советник помощник господин губернатор мэр командующий командир депутат сенатор \
 начальник руководитель омбудсмен уполномоченный министр-председатель
 міністр речник речниця посол очільник голова генерал полковник представник радник лідер пан пані губернатор мер начальник керівник
 омбудсман уповноважений командувач прем'єр-міністр";

/// Words that qualify titles ("Deputy Foreign Minister"): capitalised in running text, never names.
pub const TITLE_PARTS: &str = "deputy foreign defence defense prime vice first interior affairs state acting former senior top \
 supreme national security general-secretary executive special affaires étrangères étrangère extérieur extérieurs intérieur armées \
 défense justice économie finances auswärtiges auswärtigen innern inneren verteidigung exteriores exterior interior defensa \
 relaciones asuntos esteri interno interni difesa affari estrangeiros negócios exteriores defesa relações";

pub const ORG_HEADS: &str = "ministry ministère ministerium ministerio ministero ministério department département departamento \
 agency agence agentur agencia agenzia agência party parti partei partido partito council conseil consejo consiglio conselho \
 army armée armee ejército esercito exército forces force streitkräfte fuerzas forze forças navy marine armada \
 bank banque banco committee comité komitee comitato commission kommission comisión commissione comissão \
 union unión unione união organization organisation organisación organizzazione organização \
 institute institut instituto istituto university université universität universidad università universidade \
 front frente fronte movement mouvement bewegung movimiento movimento brigade brigades brigada brigata corps guard garde guardia \
 company corporation group groupe gruppe grupo gruppo inc ltd corp llc gmbh court cour tribunal gericht gerichtshof \
 office bureau amt behörde service services dienst police polizei policía polizia polícia \
 assembly assemblée versammlung asamblea assemblea parliament parlement parlament parlamento senate sénat senat senado \
 federation fédération föderation federación federazione alliance allianz alianza alleanza coalition koalition \
 foundation fondation stiftung fundación fondazione centre center zentrum centro association verband asociación associazione \
 news times post press daily tribune herald gazette journal television radio tv network \
 министерство партия агентство служба армия совет комитет союз банк фронт движение суд гвардия центр \
 міністерство партія агентство служба армія рада комітет союз банк фронт рух суд гвардія центр";

/// Place words before a name ("région de Koursk", "city of Sudzha", "в городе …").
pub const PLACE_BEFORE: &str = "city town village region province district oblast county state island port base \
 ville village région province district oblast commune île \
 stadt dorf region provinz bezirk gebiet insel hafen \
 ciudad pueblo región provincia distrito isla puerto città villaggio regione provincia distretto isola porto cidade aldeia região distrito ilha \
 город село деревня регион область район округ посёлок поселок остров порт місто село регіон область район округ селище острів";

/// Place words after a name ("the Kherson region", "Sumy Oblast").
pub const PLACE_AFTER: &str =
    "region oblast province district county governorate prefecture island islands strait sea river mountains valley";

/// Head nouns of sea, river, mountain and square names, written lower case in running text
/// in several languages ("mar Amarelo", "mer Noire", "piazza San Pietro").
pub const GEO_HEADS: &str = "sea lake river mount gulf bay strait cape square \
 mer lac fleuve mont golfe baie détroit cap place canal \
 mar lago río rio monte golfo bahía baía estrecho estreito cabo plaza praça \
 mare fiume stretto capo piazza canale";

/// Lower-case words allowed inside a multi-word name.
pub const CONNECTORS: &str = "of for the and on de du des la le les d l y e et der die das von vom zu zur für und del di da do dos das della degli al el bin ibn abu van den ter";

/// Capitalised words that are never names on their own: function words, days, months, headline words.
pub const STOP: &str = "the a an this that these those he she it we they i you his her its our their there here when where what who why how \
 but and or if so as at by for from in into of on to with after before over under about since until while during \
 mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june july august \
 september october november december lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin \
 juillet août septembre octobre novembre décembre montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz \
 juni juli oktober dezember lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto \
 septiembre octubre noviembre diciembre lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio aprile maggio \
 giugno luglio settembre ottobre dicembre segunda terça quarta quinta sexta janeiro fevereiro março maio junho julho setembro outubro \
 novembro dezembro le la les un une des du de il elle ils elles nous vous on ce cette ces selon mais et ou pour par sur dans avec \
 der die das ein eine einer und oder aber auch nach bei mit von vor für ist sind war wird el los las una unos y pero según \
 il lo gli uno o ma secondo o os um uma mas segundo reuters afp ap update live breaking exclusive analysis opinion video watch \
 понедельник вторник среда четверг пятница суббота воскресенье январь февраль март апрель май июнь июль август сентябрь октябрь \
 ноябрь декабрь в на с по и но это он она они понеділок вівторок середа четвер пʼятниця субота неділя січень лютий березень \
 квітень травень червень липень серпень вересень жовтень листопад грудень у та що він вона вони";
