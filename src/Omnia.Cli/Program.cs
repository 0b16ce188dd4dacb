using System.CommandLine;
using Omnia.Cli.Commands;

var root = new RootCommand("Omnia: a self-hosted GPT-4o. Text, audio and images in; text and speech out; the OpenAI API.")
{
    ServeCommand.Create(),
    ChatCommand.Create(),
    ModelsCommand.Create(),
    TranscribeCommand.Create(),
    SpeakCommand.Create(),
    TranslateCommand.Create(),
    PullCommand.Create(),
    TalkCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
