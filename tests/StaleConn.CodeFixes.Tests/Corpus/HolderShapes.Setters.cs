using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Lazy static properties with a setter that only stores into the field (<c>set { baglanti = value; }</c>), common in
/// Turkish WinForms course projects: nothing in the solution sets them, so the factory fix drops the setter with the
/// field (docs/code-fixes.md, "A lazy property with a setter").
/// </summary>
internal static partial class HolderShapes
{
    /// <summary>The setter shapes on their own: each must get a working first fix (the corpus share alone would hide one).</summary>
    public static IReadOnlyList<HolderShape> Setters { get; } = SetterHolders().ToList();

    private static IEnumerable<HolderShape> SetterHolders()
    {
        yield return new HolderShape(
            "Static class's lazy property with a storing setter; Ac/Kapa open and close the field; a DAL opens with Ac and reads, never closing",
            "Muratkscnn/Wissen: c#/KursProjesi/KursProjesi/DataAccess/BaglantiDAL/Baglanti.cs and DataAccess/DAL/EgitimDAL.cs (field27)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                namespace KursProjesi.DataAccess.BaglantiDAL
                {
                    public static class Baglanti
                    {
                        private static SqlConnection baglantiNesnesi;

                        public static SqlConnection BaglantiNesnesi
                        {
                            get
                            {
                                if (baglantiNesnesi == null)
                                {
                                    baglantiNesnesi = new SqlConnection(ConfigurationManager.ConnectionStrings["CsKurslar"].ConnectionString);
                                }
                                return baglantiNesnesi;
                            }
                            set
                            {
                                baglantiNesnesi = value;
                            }
                        }

                        public static void Ac()
                        {
                            if (baglantiNesnesi.State == ConnectionState.Closed) baglantiNesnesi.Open();
                        }

                        public static void Kapa()
                        {
                            if (baglantiNesnesi.State == ConnectionState.Open) baglantiNesnesi.Close();
                        }
                    }
                }
                """,
                """
                using System;
                using System.Collections.Generic;
                using System.Data.SqlClient;
                using KursProjesi.DataAccess.BaglantiDAL;

                namespace KursProjesi.DataAccess.DAL
                {
                    class EgitimDAL
                    {
                        public List<string> GetAll()
                        {
                            var adlar = new List<string>();
                            using (SqlCommand cmd = new SqlCommand("SELECT * FROM tblEgitimler", Baglanti.BaglantiNesnesi))
                            {
                                Baglanti.Ac();
                                using (SqlDataReader dr = cmd.ExecuteReader())
                                {
                                    while (dr.Read())
                                    {
                                        adlar.Add(dr["Ad"].ToString());
                                    }
                                }
                            }
                            return adlar;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Lazy static property with a one-line storing setter; BaglantiAc/BaglantiKapat helpers; DAL methods open before executing and close in finally",
            "Muratkscnn/Wissen: c#/SatisProjesi/SatisProjesi/Tools/Baglanti.cs and DataAccess/SatislarDAL.cs (field27)",
            new[]
            {
                """
                using System.Data;
                using System.Data.SqlClient;

                namespace SatisProjesi.Tools
                {
                    class SQLBaglanti
                    {
                        static SqlConnection baglanti;

                        public static SqlConnection Baglanti
                        {
                            get
                            {
                                if (baglanti == null)
                                {
                                    baglanti = new SqlConnection(@"Server=.\SQLEXPRESS;Database=SatisProjesi;Integrated Security=true;");
                                }
                                return baglanti;
                            }
                            set { baglanti = value; }
                        }

                        public static void BaglantiAc()
                        {
                            if (baglanti.State == ConnectionState.Closed)
                            {
                                baglanti.Open();
                            }
                        }

                        public static void BaglantiKapat()
                        {
                            if (baglanti.State == ConnectionState.Open)
                            {
                                baglanti.Close();
                            }
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data.SqlClient;
                using SatisProjesi.Tools;

                namespace SatisProjesi.DataAccess
                {
                    class SatislarDAL
                    {
                        public bool Insert(DateTime tarih, int urunId, int adet)
                        {
                            try
                            {
                                using (SqlCommand command = new SqlCommand("INSERT INTO tblSatislar VALUES(@p1,@p2,@p3)", SQLBaglanti.Baglanti))
                                {
                                    command.Parameters.AddWithValue("@p1", tarih.ToString("yyyy-MM-dd"));
                                    command.Parameters.AddWithValue("@p2", urunId);
                                    command.Parameters.AddWithValue("@p3", adet);
                                    SQLBaglanti.BaglantiAc();
                                    command.ExecuteNonQuery();
                                }
                                return true;
                            }
                            catch (Exception)
                            {
                                return false;
                            }
                            finally { SQLBaglanti.BaglantiKapat(); }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Public class's lazy static property (ConnectionStrings[..].ToString()) with a storing setter; Ac/Kapa helpers; callers open, execute and close",
            "Hderkan/repos: SatisProjesi/SatisProjesi/DAL/baglantiDAL/BaglantiDAL.cs (the caller in minimal form after the Wissen DALs it follows)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                namespace SatisProjesi.DAL.baglantiDAL
                {
                    public class BaglantiDAL
                    {
                        private static SqlConnection baglantiNesnesi;

                        public static SqlConnection BaglantiNesnesi
                        {
                            get
                            {
                                if (baglantiNesnesi == null)
                                {
                                    baglantiNesnesi = new SqlConnection(ConfigurationManager.ConnectionStrings["CSatislar"].ToString());
                                }

                                return baglantiNesnesi;
                            }
                            set
                            {
                                baglantiNesnesi = value;
                            }
                        }

                        public static void Ac()
                        {
                            if (baglantiNesnesi.State == ConnectionState.Closed) baglantiNesnesi.Open();
                        }

                        public static void Kapa()
                        {
                            if (baglantiNesnesi.State == ConnectionState.Open) baglantiNesnesi.Close();
                        }
                    }
                }
                """,
                """
                using System.Data.SqlClient;
                using SatisProjesi.DAL.baglantiDAL;

                namespace SatisProjesi.DAL
                {
                    public class UrunDAL
                    {
                        public int StokMiktari(int urunId)
                        {
                            try
                            {
                                SqlCommand command = new SqlCommand("SELECT StokMiktari FROM tblUrunler WHERE ID = @id", BaglantiDAL.BaglantiNesnesi);
                                command.Parameters.AddWithValue("@id", urunId);
                                BaglantiDAL.Ac();
                                return (int)command.ExecuteScalar();
                            }
                            finally
                            {
                                BaglantiDAL.Kapa();
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "ORM tools class's lazy static property with a storing setter, handed to commands that stored procedures fill through an adapter",
            "metehanguler/2209Mimari@36147347d80f: 2209Mimari.ORM/Tools.cs and 2209Mimari.ORM/ORMBase.cs (Listele; the half-typed Ekle left out)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data.SqlClient;

                namespace _2209Mimari.ORM
                {
                    class Tools
                    {
                        private static SqlConnection baglanti;

                        public static SqlConnection Baglanti
                        {
                            get {
                                if (baglanti == null)
                                {
                                    baglanti = new SqlConnection(ConfigurationManager.ConnectionStrings["Baglanti"].ConnectionString);
                                }
                                return baglanti; }
                            set { baglanti = value; }
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data;
                using System.Data.SqlClient;

                namespace _2209Mimari.ORM
                {
                    public class ORMBase<TT>
                    {
                        Type TipGetir
                        {
                            get { return typeof(TT); }
                        }

                        public DataTable Listele()
                        {
                            SqlDataAdapter adp = new SqlDataAdapter();
                            SqlCommand cmd = new SqlCommand();
                            cmd.Connection = Tools.Baglanti;
                            cmd.CommandText = string.Format("{0}_Listele", TipGetir.Name);
                            cmd.CommandType = CommandType.StoredProcedure;
                            adp.SelectCommand = cmd;
                            DataTable dt = new DataTable();
                            adp.Fill(dt);
                            return dt;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
