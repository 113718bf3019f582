// Placeholder until issue 6 lands: the simulator is being built.
Console.WriteLine("The Omnichannel simulator is not built yet; run samples/Omnichannel.Quickstart meanwhile.");
return 1;
